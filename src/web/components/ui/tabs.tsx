import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { NavLink, useLocation, useResolvedPath } from 'react-router';
import { cn } from '@/web/lib/cn';

export interface TabItem {
  /** Relative to the page, '' for the first tab. */
  to: string;
  label: string;
}

interface TabsProps {
  label: string;
  items: TabItem[];
  children: ReactNode;
}

/**
 * Tabs whose panels are nested routes, so each tab has its own address. ARIA tabs pattern:
 * arrows move between tabs, the panel is labelled by the selected tab.
 */
export function Tabs({ label, items, children }: TabsProps) {
  const baseId = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const location = useLocation();
  const base = useResolvedPath('.');
  const rest = location.pathname.slice(base.pathname.replace(/\/$/, '').length).replace(/^\//, '');
  const current = items.find((i) => i.to !== '' && rest.startsWith(i.to)) ?? items[0];

  const onKeyDown = (event: KeyboardEvent) => {
    const tabs = Array.from(listRef.current?.querySelectorAll<HTMLElement>('[role="tab"]') ?? []);
    const index = tabs.indexOf(document.activeElement as HTMLElement);
    if (index < 0) return;
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (index - 1 + tabs.length) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? tabs.length - 1
              : -1;
    if (next < 0) return;
    event.preventDefault();
    tabs[next]?.focus();
    tabs[next]?.click();
  };

  return (
    <div>
      <div
        ref={listRef}
        role="tablist"
        aria-label={label}
        onKeyDown={onKeyDown}
        className="flex flex-wrap gap-x-1 shadow-[inset_0_-1px_0_var(--color-line)]"
      >
        {items.map((item) => {
          const selected = item === current;
          return (
            <NavLink
              key={item.to}
              to={item.to}
              end
              replace
              role="tab"
              id={`${baseId}-${item.to || 'index'}`}
              aria-selected={selected}
              aria-controls={`${baseId}-panel`}
              tabIndex={selected ? 0 : -1}
              className={cn(
                'shrink-0 rounded-t-md border-b-2 px-3 pt-1.5 pb-2.5 text-sm font-medium whitespace-nowrap transition-colors',
                selected
                  ? 'border-accent text-fg'
                  : 'border-transparent text-muted hover:border-line-strong hover:text-fg',
              )}
            >
              {item.label}
            </NavLink>
          );
        })}
      </div>
      <div
        role="tabpanel"
        id={`${baseId}-panel`}
        aria-labelledby={`${baseId}-${current?.to || 'index'}`}
        className="pt-6"
      >
        {children}
      </div>
    </div>
  );
}
