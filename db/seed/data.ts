/**
 * Seed data from the public record. Rule: where a value could not be confirmed it is left empty —
 * no invented dates, URLs or quotes. Quotes appear only where the words are in the seed article itself
 * (a news article of the time). Dates with uncertain days use month or range precision.
 */
import type { SiteInput } from '../queries/sites';
import type { MonumentInput, AltNameInput } from '../queries/monuments';
import type { SourceInput } from '../queries/sources';
import type { ReportInput } from '../queries/reports';
import type { Stance } from '../../lib/vocab';

export const seedSites: SiteInput[] = [
  {
    slug: 'palmyra', unescoIdNo: 23, name: 'Site of Palmyra', nameAr: 'موقع تدمر', nameFr: 'Site de Palmyre',
    countryCodes: 'SY', latitude: 34.554, longitude: 38.267, yearInscribed: 1980, criteria: '(i)(ii)(iv)',
    inDanger: true, inDangerSince: 2013,
    description: 'An oasis in the Syrian desert north-east of Damascus, Palmyra contains the monumental ruins of a great city that was one of the most important cultural centres of the ancient world. Held by ISIS from May 2015 to March 2016 and again from December 2016 to March 2017.',
    descriptionAr: 'واحة في بادية الشام شمال شرق دمشق، تضم الأطلال الأثرية لمدينة عظيمة كانت من أهم المراكز الثقافية في العالم القديم.',
  },
  {
    slug: 'hatra', unescoIdNo: 277, name: 'Hatra', nameAr: 'الحضر', nameFr: 'Hatra',
    countryCodes: 'IQ', latitude: 35.588, longitude: 42.718, yearInscribed: 1985, criteria: '(ii)(iii)(iv)(vi)',
    inDanger: true, inDangerSince: 2015,
    description: 'A large fortified city under the influence of the Parthian Empire and capital of the first Arab Kingdom, in the Nineveh region of northern Iraq.',
    descriptionAr: 'مدينة محصّنة كبيرة خضعت لنفوذ الإمبراطورية الفرثية وكانت عاصمة أول مملكة عربية، في منطقة نينوى شمال العراق.',
  },
  {
    slug: 'ashur', unescoIdNo: 1130, name: 'Ashur (Qal\'at Sherqat)', nameAr: 'آشور (قلعة الشرقاط)', nameFr: 'Assour (Qal\'at Cherqat)',
    countryCodes: 'IQ', latitude: 35.459, longitude: 43.263, yearInscribed: 2003, criteria: '(iii)(iv)',
    inDanger: true, inDangerSince: 2003,
    description: 'The ancient city of Ashur on the Tigris, the first capital of the Assyrian Empire and its religious capital.',
    descriptionAr: 'مدينة آشور القديمة على نهر دجلة، أول عاصمة للإمبراطورية الآشورية وعاصمتها الدينية.',
  },
];

type SeedMonument = Omit<MonumentInput, 'siteId'> & { site: string; altNames: AltNameInput[] };

export const seedMonuments: SeedMonument[] = [
  {
    site: 'palmyra', slug: 'temple-of-bel', name: 'Temple of Bel', nameAr: 'معبد بل', kind: 'temple',
    period: 'Roman (1st century AD)', dateBuilt: 'dedicated AD 32', latitude: 34.5474, longitude: 38.2734,
    description: 'The principal sanctuary of ancient Palmyra, dedicated to the Mesopotamian god Bel. Its cella was blown up in August 2015.',
    descriptionAr: 'المعبد الرئيسي في تدمر القديمة، كُرّس للإله بل. فُجّرت قاعته المركزية في آب 2015.',
    altNames: [
      { name: 'معبد بعل', lang: 'ar' }, { name: 'Temple of Baal', lang: 'en' }, { name: 'Temple de Bel', lang: 'fr' },
      { name: 'Maʿbad Bel', lang: 'ar-Latn' },
    ],
  },
  {
    site: 'palmyra', slug: 'temple-of-baalshamin', name: 'Temple of Baalshamin', nameAr: 'معبد بعل شمين', kind: 'temple',
    period: 'Roman (1st–2nd century AD)', dateBuilt: 'rebuilt AD 131', latitude: 34.5579, longitude: 38.2667,
    description: 'A temple to the Phoenician sky god Baalshamin, blown up in August 2015.',
    descriptionAr: 'معبد لإله السماء بعل شمين، فُجّر في آب 2015.',
    altNames: [{ name: 'Baʿalshamin', lang: 'ar-Latn' }, { name: 'Temple de Baalshamin', lang: 'fr' }, { name: 'Baal-Shamin', lang: 'en' }],
  },
  {
    site: 'palmyra', slug: 'arch-of-triumph', name: 'Arch of Triumph', nameAr: 'قوس النصر', kind: 'arch',
    period: 'Roman (3rd century AD)', dateBuilt: 'reign of Septimius Severus', latitude: 34.5504, longitude: 38.2712,
    description: 'The Monumental Arch at the eastern end of the Great Colonnade, blown up in October 2015.',
    descriptionAr: 'القوس الأثري عند الطرف الشرقي للشارع المستقيم ذي الأعمدة، فُجّر في تشرين الأول 2015.',
    altNames: [{ name: 'Monumental Arch', lang: 'en' }, { name: 'القوس الأثري', lang: 'ar' }, { name: 'Arc monumental', lang: 'fr' }, { name: 'Qaws an-Nasr', lang: 'ar-Latn' }],
  },
  {
    site: 'palmyra', slug: 'roman-theatre', name: 'Roman theatre', nameAr: 'المسرح الروماني', kind: 'theatre',
    period: 'Roman (2nd century AD)', latitude: 34.5509, longitude: 38.2679,
    description: 'The theatre on the Great Colonnade, used for staged public executions in 2015; its stage front was destroyed in January 2017.',
    descriptionAr: 'المسرح الواقع على الشارع ذي الأعمدة، استُخدم لتنفيذ إعدامات علنية عام 2015، ودُمّرت واجهة خشبته في كانون الثاني 2017.',
    altNames: [{ name: 'Palmyra theater', lang: 'en' }, { name: 'Théâtre romain', lang: 'fr' }, { name: 'مسرح تدمر', lang: 'ar' }],
  },
  {
    site: 'palmyra', slug: 'tetrapylon', name: 'Tetrapylon', nameAr: 'التترابيلون', kind: 'colonnade',
    period: 'Roman (3rd century AD)', latitude: 34.5516, longitude: 38.2668,
    description: 'Four groups of four columns marking a crossing of the Great Colonnade; most of it was blown up in January 2017.',
    descriptionAr: 'أربع مجموعات من أربعة أعمدة عند تقاطع في الشارع ذي الأعمدة، فُجّر معظمها في كانون الثاني 2017.',
    altNames: [{ name: 'Tetrakionion', lang: 'en' }, { name: 'المصلبة', lang: 'ar' }, { name: 'Tétrapyle', lang: 'fr' }],
  },
  {
    site: 'palmyra', slug: 'tower-of-elahbel', name: 'Tower of Elahbel', nameAr: 'برج إلهبل', kind: 'tomb',
    period: 'Roman (1st century AD)', dateBuilt: 'AD 103', latitude: 34.5447, longitude: 38.2564,
    description: 'The best-preserved of the tower tombs in the Valley of the Tombs; among the tombs destroyed in late August or early September 2015.',
    descriptionAr: 'أفضل المدافن البرجية حفظاً في وادي القبور، وكان من بين المدافن التي دُمّرت أواخر آب أو مطلع أيلول 2015.',
    altNames: [{ name: 'Tomb of Elahbel', lang: 'en' }, { name: 'Elahbel tower tomb', lang: 'en' }, { name: 'مدفن إلهبل', lang: 'ar' }],
  },
  {
    site: 'palmyra', slug: 'lion-of-al-lat', name: 'Lion of al-Lat', nameAr: 'أسد اللات', kind: 'statue',
    period: 'Roman (1st century AD)', latitude: 34.5493, longitude: 38.2625,
    description: 'A limestone lion guarding a gazelle from the Temple of al-Lat, smashed in 2015 and later restored in Damascus.',
    descriptionAr: 'تمثال أسد من الحجر الكلسي يحمي غزالاً، من معبد اللات، حُطّم عام 2015 ثم رُمّم لاحقاً في دمشق.',
    altNames: [{ name: 'Lion of Al-lāt', lang: 'en' }, { name: 'Lion d\'Athéna', lang: 'fr' }, { name: 'Asad al-Lat', lang: 'ar-Latn' }],
  },
  {
    site: 'palmyra', slug: 'palmyra-museum', name: 'Palmyra Museum', nameAr: 'متحف تدمر', kind: 'museum',
    period: 'Modern (opened 1961)', latitude: 34.5567, longitude: 38.2739,
    description: 'The site museum; its statues and funerary busts were defaced and smashed during the occupation of 2015–2016.',
    descriptionAr: 'متحف الموقع؛ شُوّهت تماثيله وتماثيل المدافن النصفية وحُطّمت خلال فترة السيطرة 2015–2016.',
    altNames: [{ name: 'Palmyra National Museum', lang: 'en' }, { name: 'Musée de Palmyre', lang: 'fr' }],
  },
  {
    site: 'palmyra', slug: 'tadmur-prison', name: 'Tadmur prison', nameAr: 'سجن تدمر', kind: 'prison',
    period: 'Modern', latitude: null, longitude: null,
    description: 'The notorious prison in the modern town, where thousands of government opponents were held; demolished by ISIS in 2015.',
    descriptionAr: 'السجن سيئ السمعة في المدينة الحديثة، حيث احتُجز آلاف المعارضين؛ هدمه تنظيم الدولة عام 2015.',
    altNames: [{ name: 'Palmyra prison', lang: 'en' }, { name: 'Tadmor prison', lang: 'en' }],
  },
  {
    site: 'palmyra', slug: 'palmyra-archaeological-area', name: 'Archaeological area of Palmyra', nameAr: 'المنطقة الأثرية في تدمر', kind: 'city_quarter',
    period: 'Roman', latitude: 34.551, longitude: 38.268,
    description: 'The ancient city as a whole, on the south-western edge of the modern town; used where a report concerns the site rather than one monument.',
    descriptionAr: 'المدينة القديمة ككل، على الطرف الجنوبي الغربي للمدينة الحديثة.',
    altNames: [{ name: 'Bride of the desert', lang: 'en' }, { name: 'عروس الصحراء', lang: 'ar' }, { name: 'Palmyre', lang: 'fr' }, { name: 'Tadmur', lang: 'ar-Latn' }],
  },
  {
    site: 'hatra', slug: 'hatra-great-temple', name: 'Great Temple of Hatra', nameAr: 'المعبد الكبير في الحضر', kind: 'temple',
    period: 'Parthian (1st–2nd century AD)', latitude: 35.5877, longitude: 42.7184,
    description: 'The central sanctuary of Hatra, whose statues and carved reliefs were attacked in 2015.',
    descriptionAr: 'الحرم المركزي في الحضر، تعرضت تماثيله ونقوشه للاعتداء عام 2015.',
    altNames: [{ name: 'Temple of Shamash (Hatra)', lang: 'en' }],
  },
];

type SeedSource = SourceInput & { key: string };

export const seedSources: SeedSource[] = [
  { key: 'ap-2016', title: 'Wire report on the Syrian government advance on Palmyra (March 2016)', publisher: 'The Associated Press', sourceType: 'news', language: 'en', url: null, publishedDate: null },
  { key: 'state-tv-2016', title: 'Syrian state TV broadcast from the entrance of Palmyra, as reported by the Associated Press', publisher: 'Syrian state TV', sourceType: 'official_statement', language: 'ar' },
  { key: 'khatib-2016', title: 'Denial by activist Osama al-Khatib, as quoted by the Associated Press', publisher: 'Osama al-Khatib (Turkey-based activist from Palmyra)', sourceType: 'news', language: 'en' },
  { key: 'unesco-23', title: 'Site of Palmyra — UNESCO World Heritage List entry', publisher: 'UNESCO World Heritage Centre', sourceType: 'official_statement', url: 'https://whc.unesco.org/en/list/23', language: 'en' },
  { key: 'unosat-bel', title: 'Satellite imagery analysis of the Temple of Bel, Palmyra', publisher: 'UNITAR-UNOSAT', sourceType: 'satellite_imagery', publishedDate: '2015-08-31', language: 'en' },
  { key: 'unosat-baalshamin', title: 'Satellite imagery analysis of the Temple of Baalshamin, Palmyra', publisher: 'UNITAR-UNOSAT', sourceType: 'satellite_imagery', language: 'en' },
  { key: 'dgam-baalshamin', title: 'Statement on the destruction of the Temple of Baalshamin', publisher: 'Directorate-General of Antiquities and Museums (DGAM), Syria', sourceType: 'official_statement', language: 'ar' },
  { key: 'sohr-2015', title: 'Reports of the demolition of Palmyra monuments', publisher: 'Syrian Observatory for Human Rights', sourceType: 'ngo_expert_report', language: 'en' },
  { key: 'dgam-arch', title: 'Statement on the destruction of the Monumental Arch of Palmyra', publisher: 'Directorate-General of Antiquities and Museums (DGAM), Syria', sourceType: 'official_statement', language: 'ar' },
  { key: 'asor-tombs', title: 'Weekly report on the destruction of tower tombs at Palmyra', publisher: 'ASOR Cultural Heritage Initiatives', sourceType: 'ngo_expert_report', language: 'en' },
  { key: 'unosat-tombs', title: 'Satellite imagery analysis of the Valley of the Tombs, Palmyra', publisher: 'UNITAR-UNOSAT', sourceType: 'satellite_imagery', language: 'en' },
  { key: 'dgam-2017', title: 'Statement on the destruction of the Tetrapylon and the Roman theatre', publisher: 'Directorate-General of Antiquities and Museums (DGAM), Syria', sourceType: 'official_statement', language: 'ar' },
  { key: 'dgam-lion', title: 'Statement on the destruction of the Lion of al-Lat', publisher: 'Directorate-General of Antiquities and Museums (DGAM), Syria', sourceType: 'official_statement', language: 'ar' },
  { key: 'dgam-museum', title: 'Assessment of the Palmyra Museum after the recapture of the town', publisher: 'Directorate-General of Antiquities and Museums (DGAM), Syria', sourceType: 'official_statement', language: 'ar' },
  { key: 'iraq-moa-hatra', title: 'Statement on attacks on Hatra', publisher: 'Ministry of Tourism and Antiquities, Iraq', sourceType: 'official_statement', language: 'ar' },
  { key: 'isis-video-hatra', title: 'Video released by ISIS showing the smashing of statues at Hatra', publisher: 'ISIS (propaganda release)', sourceType: 'social_media' },
  { key: 'unesco-277', title: 'Hatra — UNESCO World Heritage List entry', publisher: 'UNESCO World Heritage Centre', sourceType: 'official_statement', url: 'https://whc.unesco.org/en/list/277', language: 'en' },
];

type SeedReport = Omit<ReportInput, 'monumentId'> & {
  monument: string;
  citations: { source: string; stance: Stance; quote?: string }[];
};

const ARTICLE_DESTRUCTION_QUOTE = 'ISIS militants destroyed many of the town’s Roman-era relics, including the 2,000-year-old Temple of Bel and the iconic Arch of Triumph';

export const seedReports: SeedReport[] = [
  {
    monument: 'temple-of-bel', eventDate: '2015-08-30', eventDatePrecision: 'day', reportedDate: '2015-08-31',
    damageLevel: 'destroyed', cause: 'explosives', reportedActor: 'ISIS', certainty: 'definite',
    verificationStatus: 'confirmed', reviewState: 'published',
    summary: 'The cella of the Temple of Bel was blown up with explosives; satellite imagery showed the main building destroyed.',
    summaryAr: 'فُجّرت القاعة المركزية لمعبد بل بالمتفجرات، وأظهرت صور الأقمار الصناعية تدمير المبنى الرئيسي.',
    citations: [
      { source: 'unosat-bel', stance: 'supports' },
      { source: 'sohr-2015', stance: 'supports' },
      { source: 'ap-2016', stance: 'supports', quote: ARTICLE_DESTRUCTION_QUOTE },
    ],
  },
  {
    monument: 'temple-of-baalshamin', eventDate: '2015-08-23', eventDatePrecision: 'day',
    damageLevel: 'destroyed', cause: 'explosives', reportedActor: 'ISIS', certainty: 'definite',
    verificationStatus: 'confirmed', reviewState: 'published',
    summary: 'The Temple of Baalshamin was blown up; satellite imagery confirmed its destruction.',
    summaryAr: 'فُجّر معبد بعل شمين، وأكدت صور الأقمار الصناعية تدميره.',
    citations: [
      { source: 'dgam-baalshamin', stance: 'supports' },
      { source: 'sohr-2015', stance: 'supports' },
      { source: 'unosat-baalshamin', stance: 'supports' },
    ],
  },
  {
    monument: 'arch-of-triumph', eventDate: '2015-10-01', eventDatePrecision: 'month',
    damageLevel: 'destroyed', cause: 'explosives', reportedActor: 'ISIS', certainty: 'high',
    verificationStatus: 'corroborated', reviewState: 'published',
    summary: 'The Monumental Arch was blown up, according to the Syrian antiquities authority citing local sources.',
    summaryAr: 'فُجّر القوس الأثري وفق المديرية العامة للآثار والمتاحف نقلاً عن مصادر محلية.',
    citations: [
      { source: 'dgam-arch', stance: 'supports' },
      { source: 'ap-2016', stance: 'supports', quote: ARTICLE_DESTRUCTION_QUOTE },
    ],
  },
  {
    monument: 'roman-theatre', eventDate: '2015-07-01', eventDatePrecision: 'month',
    damageLevel: 'unknown', cause: 'misuse', reportedActor: 'ISIS', certainty: 'high',
    verificationStatus: 'corroborated', reviewState: 'published',
    summary: 'Captive Syrian soldiers and dissidents were killed in public executions staged in the theatre.',
    summaryAr: 'قُتل جنود سوريون أسرى ومعارضون في إعدامات علنية نُفّذت في المسرح.',
    citations: [
      { source: 'ap-2016', stance: 'supports', quote: 'killed dozens of captive Syrian soldiers and dissidents in public slayings at the town’s grand Roman theater and other ruins' },
      { source: 'sohr-2015', stance: 'supports' },
    ],
  },
  {
    monument: 'roman-theatre', eventDate: '2017-01-01', eventDatePrecision: 'month',
    damageLevel: 'severe_damage', cause: 'explosives', reportedActor: 'ISIS', certainty: 'high',
    verificationStatus: 'confirmed', reviewState: 'published',
    summary: 'The stage front (scaenae frons) of the theatre was destroyed during the second occupation of Palmyra.',
    summaryAr: 'دُمّرت واجهة خشبة المسرح خلال السيطرة الثانية على تدمر.',
    citations: [{ source: 'dgam-2017', stance: 'supports' }],
  },
  {
    monument: 'tetrapylon', eventDate: '2017-01-01', eventDatePrecision: 'month',
    damageLevel: 'severe_damage', cause: 'explosives', reportedActor: 'ISIS', certainty: 'high',
    verificationStatus: 'confirmed', reviewState: 'published',
    summary: 'Most of the columns of the Tetrapylon were blown up; two were left standing.',
    summaryAr: 'فُجّرت معظم أعمدة التترابيلون وبقي عمودان قائمين.',
    citations: [{ source: 'dgam-2017', stance: 'supports' }],
  },
  {
    monument: 'tower-of-elahbel', eventDate: '2015-08-27', eventDateEnd: '2015-09-02', eventDatePrecision: 'approximate',
    damageLevel: 'destroyed', cause: 'explosives', reportedActor: 'ISIS', certainty: 'high',
    verificationStatus: 'confirmed', reviewState: 'published',
    summary: 'The Tower of Elahbel was among several tower tombs destroyed; satellite imagery bracketed the destruction between late August and early September 2015.',
    summaryAr: 'كان برج إلهبل من بين عدة مدافن برجية دُمّرت بين أواخر آب ومطلع أيلول 2015 بحسب صور الأقمار الصناعية.',
    citations: [{ source: 'unosat-tombs', stance: 'supports' }, { source: 'asor-tombs', stance: 'supports' }],
  },
  {
    monument: 'lion-of-al-lat', eventDate: '2015-06-01', eventDateEnd: '2015-07-31', eventDatePrecision: 'approximate',
    damageLevel: 'severe_damage', cause: 'explosives', reportedActor: 'ISIS', certainty: 'high',
    verificationStatus: 'corroborated', reviewState: 'published',
    summary: 'The Lion of al-Lat was smashed outside the Palmyra Museum.',
    summaryAr: 'حُطّم تمثال أسد اللات أمام متحف تدمر.',
    citations: [{ source: 'dgam-lion', stance: 'supports' }],
  },
  {
    monument: 'palmyra-museum', eventDate: '2015-05-21', eventDateEnd: '2016-03-27', eventDatePrecision: 'approximate', reportedDate: '2016-03-27',
    damageLevel: 'severe_damage', cause: 'looting', reportedActor: 'ISIS', certainty: 'high',
    verificationStatus: 'corroborated', reviewState: 'published',
    summary: 'Statues and funerary busts in the museum were defaced and smashed, found when the town was retaken.',
    summaryAr: 'وُجدت تماثيل المتحف وتماثيله النصفية الجنائزية مشوّهة ومحطّمة عند استعادة المدينة.',
    citations: [{ source: 'dgam-museum', stance: 'supports' }],
  },
  {
    monument: 'tadmur-prison', eventDate: '2015-05-01', eventDatePrecision: 'month',
    damageLevel: 'destroyed', cause: 'explosives', reportedActor: 'ISIS', certainty: 'high',
    verificationStatus: 'corroborated', reviewState: 'published',
    summary: 'ISIS demolished the prison shortly after taking the town.',
    summaryAr: 'هدم تنظيم الدولة السجن بعد وقت قصير من سيطرته على المدينة.',
    citations: [
      { source: 'ap-2016', stance: 'supports', quote: 'ISIS demolished the town’s infamous Tadmur prison, where thousands of Syrian government opponents had been imprisoned and tortured over the years.' },
      { source: 'sohr-2015', stance: 'supports' },
    ],
  },
  {
    // The seed article's contested claim: state TV against an activist's denial.
    monument: 'palmyra-archaeological-area', eventDate: '2016-03-01', eventDatePrecision: 'month',
    damageLevel: 'possible_damage', cause: 'gunfire', reportedActor: 'Syrian government forces and ISIS (fighting)', certainty: 'low',
    verificationStatus: 'disputed', reviewState: 'published',
    summary: 'Syrian state TV said fighting had reached the entrance of Palmyra and was concentrated near the archaeological site; an activist from Palmyra denied that troops had entered the town.',
    summaryAr: 'قال التلفزيون الرسمي السوري إن القتال وصل إلى مدخل تدمر وتركّز قرب الموقع الأثري، فيما نفى ناشط من تدمر دخول القوات إلى المدينة.',
    citations: [
      { source: 'state-tv-2016', stance: 'supports', quote: 'as of midday, the fighting was concentrated near the famed archaeological site on the southwestern edge of the town' },
      { source: 'khatib-2016', stance: 'disputes', quote: 'denied that Syrian troops had entered the town, and said the video seen on Syrian state TV was taken about three miles (five kilometers) from Palmyra' },
    ],
  },
  {
    monument: 'hatra-great-temple', eventDate: '2015-03-01', eventDatePrecision: 'month',
    damageLevel: 'possible_damage', cause: 'bulldozing', reportedActor: 'ISIS', certainty: 'medium',
    verificationStatus: 'unverified', reviewState: 'published',
    summary: 'Iraqi officials said ISIS had begun demolishing Hatra with bulldozers.',
    summaryAr: 'قال مسؤولون عراقيون إن تنظيم الدولة بدأ بهدم الحضر بالجرافات.',
    citations: [{ source: 'iraq-moa-hatra', stance: 'supports' }],
  },
  {
    monument: 'hatra-great-temple', eventDate: '2015-04-01', eventDatePrecision: 'month',
    damageLevel: 'severe_damage', cause: 'gunfire', reportedActor: 'ISIS', certainty: 'high',
    verificationStatus: 'corroborated', reviewState: 'published',
    summary: 'A video showed militants smashing statues with sledgehammers and firing at carved reliefs.',
    summaryAr: 'أظهر مقطع مصوّر مسلحين يحطمون التماثيل بالمطارق ويطلقون النار على النقوش.',
    citations: [{ source: 'isis-video-hatra', stance: 'supports' }],
  },
];
