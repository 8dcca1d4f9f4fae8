import { Link } from '@/i18n/navigation';

/**
 * A link in a row of a curator table ("Edit", "History"…), named for screen readers with the record it acts on
 * ("Edit Temple of Bel"), since every row repeats the same visible word.
 */
export function RowLink({
  href,
  label,
  record,
  prefetch,
}: {
  href: string;
  label: string;
  record: string;
  prefetch?: boolean;
}) {
  return (
    <Link href={href} prefetch={prefetch}>
      {label}
      <span className="visually-hidden"> {record}</span>
    </Link>
  );
}
