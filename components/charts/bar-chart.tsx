/**
 * A bar chart drawn on the server as SVG: no script, the same markup in every browser and in the page cache.
 *
 * Accessible three ways: the figure is named by its caption; the SVG carries a <title> and a <desc> (what is counted,
 * the total, the largest bar); and the numbers themselves are a real table in a <details> beside it, each row linked
 * to the same search as its bar. The SVG is a group of links (role="group"), not role="img": an image's children are
 * presentational, so links inside one would be hidden from assistive technology and fail axe's nested-interactive rule.
 *
 * Right to left, the value axis runs from the right (horizontal bars) and time runs from the right (columns), as an
 * Arabic reader scans; numbers keep the Latin digits the app uses everywhere (lib/i18n-format.ts).
 */

export interface ChartSegment {
  key: string;
  /** The series label (a damage level), for the link's name and the table's column. */
  label: string;
  value: number;
  /** A CSS class giving the fill (chart-level-destroyed…): the same colours as the status badges. */
  className: string;
  /** Where this segment leads (its own search); when absent, the bar's link applies. */
  href?: string;
  /** The table column it counts in, when not its own key (a level's weak part counts in the level's column). */
  series?: string;
  /** A weak claim (a status resting on unverified or disputed reports): hatched, as the status badges draw it. */
  weak?: boolean;
}

export interface ChartBar {
  key: string;
  label: string;
  /** The text to show inside the SVG when the label is long (the table and link names carry the full label). */
  shortLabel?: string;
  href?: string;
  segments: ChartSegment[];
}

export interface ChartSeries {
  key: string;
  label: string;
  className: string;
}

export interface BarChartProps {
  id: string;
  title: string;
  description: string;
  /** "Show the numbers" */
  tableLabel: string;
  /** The first column's header (Year, Country, Cause…). */
  categoryLabel: string;
  totalLabel: string;
  /** Series in drawing order (first at the axis); one series for a simple bar chart. */
  series: ChartSeries[];
  bars: ChartBar[];
  orientation: 'horizontal' | 'vertical';
  rtl: boolean;
  /** The key's and the table's words for hatched segments, when a chart has them. */
  weakLabel?: string;
  /** The accessible name of one link: "2015: 12" etc. */
  linkName: (bar: ChartBar, segment: ChartSegment | null, total: number) => string;
}

const WIDTH = 640;
const ROW = 26;
const BAR = 18;
const LABEL_WIDTH = 190;
const VALUE_ROOM = 48;
const COLUMN_AREA = 180;
const AXIS_ROOM = 22;

const total = (bar: ChartBar) => bar.segments.reduce((sum, s) => sum + s.value, 0);

/** One segment's shapes: its colour, and for a weak claim white hatching and a dashed outline over it. */
function Shape({ id, s, x, y, w, h }: { id: string; s: ChartSegment; x: number; y: number; w: number; h: number }) {
  return (
    <>
      <rect x={x} y={y} width={w} height={h} className={`chart-bar ${s.className}`} />
      {s.weak && <rect x={x} y={y} width={w} height={h} fill={`url(#${id}-hatch)`} className="chart-weak" />}
    </>
  );
}

/**
 * A bar's label at the start edge. On a right-to-left page a left-to-right label (an actor as written in English) is
 * set in its own direction, its end at the edge, so that its letters and its ellipsis stay in order.
 */
function Label({ x, y, rtl, text }: { x: number; y: number; rtl: boolean; text: string }) {
  const ltrInRtl = rtl && !/[\u0590-\u08ff]/.test(text);
  return (
    <text
      x={x}
      y={y}
      className="chart-label"
      textAnchor={ltrInRtl ? 'end' : 'start'}
      direction={ltrInRtl ? 'ltr' : undefined}
    >
      {text}
    </text>
  );
}

/** The hatching of weak segments, defined once per chart. */
function Hatch({ id }: { id: string }) {
  return (
    <defs>
      <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="3" height="6" fill="#fff" fillOpacity="0.75" />
      </pattern>
    </defs>
  );
}

function shorten(text: string, max = 24): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A link wrapping part of the SVG when there is somewhere to go; the shapes alone otherwise. */
function Linked({ href, name, children }: { href?: string; name: string; children: React.ReactNode }) {
  if (!href) return <g>{children}</g>;
  return (
    <a href={href} aria-label={name} className="chart-link">
      <title>{name}</title>
      {children}
    </a>
  );
}

/**
 * A chart's SVG: titled and described for screen readers (a group, not an image: its bars are links), with the hatch
 * pattern weak claims are drawn with.
 */
function ChartFrame({ chart, height, children }: { chart: BarChartProps; height: number; children: React.ReactNode }) {
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      height={height}
      width={WIDTH}
      className="chart-svg"
      role="group"
      aria-labelledby={`${chart.id}-title`}
      aria-describedby={`${chart.id}-desc`}
    >
      <title id={`${chart.id}-title`}>{chart.title}</title>
      <desc id={`${chart.id}-desc`}>{chart.description}</desc>
      <Hatch id={chart.id} />
      {children}
    </svg>
  );
}

function HorizontalBars(props: BarChartProps) {
  const { bars, rtl } = props;
  const max = Math.max(1, ...bars.map(total));
  const scale = (WIDTH - LABEL_WIDTH - VALUE_ROOM) / max;
  // Right to left, everything is mirrored: x measured from the right edge.
  const x = (fromStart: number, width = 0) => (rtl ? WIDTH - fromStart - width : fromStart);
  const height = bars.length * ROW + 4;
  return (
    <>
      <ChartFrame chart={props} height={height}>
        {bars.map((bar, i) => {
          const y = i * ROW + 2;
          const sum = total(bar);
          let offset = LABEL_WIDTH;
          return (
            <g key={bar.key}>
              <Label x={x(4)} y={y + BAR - 4} rtl={rtl} text={bar.shortLabel ?? shorten(bar.label)} />
              {bar.segments.some((s) => s.href) ? (
                bar.segments
                  .filter((s) => s.value > 0)
                  .map((s) => {
                    const w = s.value * scale;
                    const rect = <Shape id={props.id} s={s} x={x(offset, w)} y={y} w={w} h={BAR} />;
                    offset += w;
                    return (
                      <Linked key={s.key} href={s.href ?? bar.href} name={props.linkName(bar, s, sum)}>
                        {rect}
                      </Linked>
                    );
                  })
              ) : (
                <Linked href={bar.href} name={props.linkName(bar, null, sum)}>
                  {bar.segments
                    .filter((s) => s.value > 0)
                    .map((s) => {
                      const w = s.value * scale;
                      const rect = <Shape key={s.key} id={props.id} s={s} x={x(offset, w)} y={y} w={w} h={BAR} />;
                      offset += w;
                      return rect;
                    })}
                </Linked>
              )}
              <text x={x(LABEL_WIDTH + sum * scale + 4)} y={y + BAR - 4} className="chart-value" textAnchor="start">
                {sum}
              </text>
            </g>
          );
        })}
      </ChartFrame>
    </>
  );
}

function VerticalColumns(props: BarChartProps) {
  const { bars, rtl } = props;
  const max = Math.max(1, ...bars.map(total));
  const slot = Math.min(48, (WIDTH - 40) / Math.max(1, bars.length));
  const width = Math.max(2, slot * 0.7);
  const scale = COLUMN_AREA / max;
  const top = 16;
  const height = top + COLUMN_AREA + AXIS_ROOM;
  // Every year is drawn; with many, only every n-th is labelled so labels never overlap.
  const every = Math.max(1, Math.ceil(36 / slot));
  const x = (i: number) =>
    rtl ? WIDTH - 20 - (i + 1) * slot + (slot - width) / 2 : 20 + i * slot + (slot - width) / 2;
  return (
    <ChartFrame chart={props} height={height}>
      <line x1={0} x2={WIDTH} y1={top + COLUMN_AREA + 0.5} y2={top + COLUMN_AREA + 0.5} className="chart-axis" />
      <text x={rtl ? WIDTH - 2 : 2} y={top - 4} className="chart-value" textAnchor="start">
        {max}
      </text>
      {bars.map((bar, i) => {
        const sum = total(bar);
        let y = top + COLUMN_AREA;
        return (
          <g key={bar.key}>
            <Linked href={bar.href} name={props.linkName(bar, null, sum)}>
              {/* The whole slot is the link's target, not only the (perhaps tiny) column. */}
              <rect x={x(i)} y={top} width={width} height={COLUMN_AREA} className="chart-hit" />
              {bar.segments
                .filter((s) => s.value > 0)
                .map((s) => {
                  const h = s.value * scale;
                  y -= h;
                  return <Shape key={s.key} id={props.id} s={s} x={x(i)} y={y} w={width} h={h} />;
                })}
            </Linked>
            {i % every === 0 && (
              <text x={x(i) + width / 2} y={height - 6} className="chart-label" textAnchor="middle">
                {bar.shortLabel ?? bar.label}
              </text>
            )}
          </g>
        );
      })}
    </ChartFrame>
  );
}

/** The figure: caption, the SVG, a key to the series (when more than one) and the table of numbers. */
export function BarChart(props: BarChartProps) {
  const { id, series, bars } = props;
  const multi = series.length > 1;
  return (
    <figure className="chart" id={id} aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart-caption">
        {props.title}
      </figcaption>
      <div className="chart-frame">
        {props.orientation === 'horizontal' ? <HorizontalBars {...props} /> : <VerticalColumns {...props} />}
      </div>
      {multi && (
        <ul className="chart-key" aria-hidden="true">
          {series.map((s) => (
            <li key={s.key}>
              <svg width="12" height="12" viewBox="0 0 12 12" className="chart-swatch">
                <rect width="12" height="12" className={`chart-bar ${s.className}`} />
              </svg>{' '}
              {s.label}
            </li>
          ))}
          {props.weakLabel && (
            <li>
              <svg width="12" height="12" viewBox="0 0 12 12" className="chart-swatch">
                <Hatch id={`${id}-key`} />
                <rect width="12" height="12" className="chart-bar chart-level-destroyed" />
                <rect width="12" height="12" fill={`url(#${id}-key-hatch)`} className="chart-weak" />
              </svg>{' '}
              {props.weakLabel}
            </li>
          )}
        </ul>
      )}
      <details className="chart-table">
        <summary>{props.tableLabel}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{props.categoryLabel}</th>
              {multi &&
                series.map((s) => (
                  <th scope="col" key={s.key}>
                    {s.label}
                  </th>
                ))}
              {props.weakLabel && <th scope="col">{props.weakLabel}</th>}
              <th scope="col">{props.totalLabel}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => {
              const sum = total(bar);
              return (
                <tr key={bar.key} data-key={bar.key}>
                  <th scope="row">
                    {/* Free-text labels (a reported actor as written, often English) keep their own direction. */}
                    <bdi>{bar.href ? <a href={bar.href}>{bar.label}</a> : bar.label}</bdi>
                  </th>
                  {multi &&
                    series.map((s) => {
                      const parts = bar.segments.filter((x) => (x.series ?? x.key) === s.key);
                      const seg = parts[0];
                      const value = parts.reduce((n, x) => n + x.value, 0);
                      return (
                        <td key={s.key} data-series={s.key}>
                          {seg?.href && value > 0 ? <a href={seg.href}>{value}</a> : value}
                        </td>
                      );
                    })}
                  {props.weakLabel && (
                    <td data-series="weak">{bar.segments.filter((x) => x.weak).reduce((n, x) => n + x.value, 0)}</td>
                  )}
                  <td data-series="total">{sum}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
