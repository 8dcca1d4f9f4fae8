import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways in its own box when it is wider than the screen (its labels never break inside a
 * word, so a narrow screen can make it wider), reachable with the keyboard and named for screen readers.
 */
export function ScrollTable({
  labelledBy,
  label,
  children,
}: {
  labelledBy?: string;
  label?: string;
  children: ReactNode;
}) {
  return (
    <div
      className="table-scroll"
      role="region"
      aria-labelledby={labelledBy}
      aria-label={labelledBy ? undefined : label}
      tabIndex={0}
    >
      {children}
    </div>
  );
}
