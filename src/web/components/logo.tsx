/** Tokenhook's mark (the favicon) and name. */
export function Logo({ withName = true }: { withName?: boolean }) {
  return (
    <span className="inline-flex items-center gap-2.5">
      <svg viewBox="0 0 32 32" className="size-7 shrink-0" aria-hidden>
        <rect width="32" height="32" rx="7" fill="#4f46e5" />
        <path
          d="M9 11h14M16 11v12M12 19c0 3 2 4 4 4s4-1 4-4"
          stroke="#fff"
          strokeWidth="2.5"
          fill="none"
          strokeLinecap="round"
        />
      </svg>
      {withName && (
        <span className="text-[15px] font-semibold tracking-tight text-fg">Tokenhook</span>
      )}
    </span>
  );
}
