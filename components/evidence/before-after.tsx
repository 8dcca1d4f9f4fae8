'use client';

import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { EvidenceCaption, EvidencePicture, type EvidenceLabels, type EvidenceView } from './evidence-figure';

const noSubscription = () => () => {};
const isClient = () => true;
const isServer = () => false;

/**
 * A before/after pair of satellite images. Without JavaScript (and before it runs) the two stand side by side, each
 * with its caption, credit and licence. With it, the after image lies over the before one and a range input (arrow
 * keys, Home, End, dragging) shows more of one or the other; the captions stay below.
 */
export function BeforeAfter({
  before,
  after,
  locale,
  labels,
}: {
  before: EvidenceView;
  after: EvidenceView;
  locale: string;
  labels: EvidenceLabels & { before: string; after: string; title: string; slider: string };
}) {
  // False on the server and while hydrating, true once scripts run: the server's page (and a browser without
  // scripts) keeps the side-by-side layout.
  const enhanced = useSyncExternalStore(noSubscription, isClient, isServer);
  const [split, setSplit] = useState(50);
  const stage = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // A custom property set through the CSS object model: the page's policy allows no inline style attributes.
    stage.current?.style.setProperty('--split', `${split}%`);
  }, [split, enhanced]);
  const sizes = enhanced ? undefined : '(min-width: 64rem) 30rem, 100vw';
  return (
    <figure className={`before-after${enhanced ? ' enhanced' : ''}`} aria-label={labels.title}>
      <div className="before-after-stage" ref={stage}>
        <div className="before-after-image before" id={`evidence-${before.id}`}>
          <EvidencePicture evidence={before} sizes={sizes} />
          {!enhanced && <EvidenceCaption evidence={before} locale={locale} labels={labels} prefix={labels.before} />}
        </div>
        <div className="before-after-image after" id={`evidence-${after.id}`}>
          <EvidencePicture evidence={after} sizes={sizes} />
          {!enhanced && <EvidenceCaption evidence={after} locale={locale} labels={labels} prefix={labels.after} />}
        </div>
      </div>
      {enhanced && (
        <>
          <label className="before-after-control">
            <span>{labels.before}</span>
            <input
              type="range"
              min={0}
              max={100}
              step={1}
              value={split}
              aria-label={labels.slider}
              aria-valuetext={`${labels.before} ${split}% · ${labels.after} ${100 - split}%`}
              onChange={(event) => setSplit(Number(event.target.value))}
            />
            <span>{labels.after}</span>
          </label>
          <div className="before-after-captions">
            <EvidenceCaption evidence={before} locale={locale} labels={labels} prefix={labels.before} />
            <EvidenceCaption evidence={after} locale={locale} labels={labels} prefix={labels.after} />
          </div>
        </>
      )}
    </figure>
  );
}
