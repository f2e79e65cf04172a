import { ChevronLeft, ChevronRight } from 'lucide-react';
import { Button } from './button';

interface PaginationProps {
  page: number;
  perPage: number;
  total: number;
  onPageChange: (page: number) => void;
  label: string;
}

/** "1–20 of 45" with previous and next; hidden when everything fits on one page. */
export function Pagination({ page, perPage, total, onPageChange, label }: PaginationProps) {
  if (total <= perPage && page === 0) return null;
  const first = page * perPage + 1;
  const last = Math.min(total, (page + 1) * perPage);
  return (
    <nav
      aria-label={label}
      className="flex items-center justify-between border-t border-line px-4 py-3 text-[13px] text-muted"
    >
      <span>
        {first}–{last} of {total}
      </span>
      <div className="flex gap-2">
        <Button size="sm" onClick={() => onPageChange(page - 1)} disabled={page === 0}>
          <ChevronLeft className="size-4" aria-hidden />
          Previous
        </Button>
        <Button size="sm" onClick={() => onPageChange(page + 1)} disabled={last >= total}>
          Next
          <ChevronRight className="size-4" aria-hidden />
        </Button>
      </div>
    </nav>
  );
}
