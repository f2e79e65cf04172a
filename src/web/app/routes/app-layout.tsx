import { useCallback, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Navigate, NavLink, Outlet, useLocation, useMatches, useNavigate } from 'react-router';
import { AppWindow, LogOut, Menu, ScrollText, Server, Settings, Webhook } from 'lucide-react';
import { ErrorPanel } from '@/web/components/error-panel';
import { Logo } from '@/web/components/logo';
import { NavDrawer } from '@/web/components/nav-drawer';
import { ThemeToggle } from '@/web/components/theme-toggle';
import { Button } from '@/web/components/ui/button';
import { Skeleton } from '@/web/components/ui/skeleton';
import { cn } from '@/web/lib/cn';
import { sessionQueries, useSignOut } from '@/web/lib/session';
import { readinessQueries } from '@/web/data/readiness/queries';

const nav = [
  { to: '/apis', label: 'APIs', icon: Server },
  { to: '/applications', label: 'Applications', icon: AppWindow },
  { to: '/hooks', label: 'Hooks', icon: Webhook },
  { to: '/logs', label: 'Logs', icon: ScrollText },
  { to: '/settings', label: 'Settings', icon: Settings },
];

/** Routes with `handle: { wide: true }` (the hook editor) use the full width beside the sidebar. */
const isWide = (handle: unknown) =>
  typeof handle === 'object' && handle !== null && 'wide' in handle && handle.wide === true;

/** The signed-in console: sidebar, header, and the page. Signed out → the sign-in page. */
export function AppLayout() {
  const location = useLocation();
  const navigate = useNavigate();
  const session = useQuery(sessionQueries.current());
  const signOut = useSignOut();
  const wide = useMatches().some((m) => isWide(m.handle));
  const readiness = useQuery(readinessQueries.current());

  if (session.isPending) return <LayoutSkeleton />;
  if (session.isError) {
    return (
      <div className="mx-auto max-w-lg p-10">
        <ErrorPanel
          title="Tokenhook is not answering"
          error={session.error}
          onRetry={() => void session.refetch()}
        />
      </div>
    );
  }
  if (!session.data)
    return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;

  return (
    <div className="flex min-h-screen">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-surface px-3 py-2 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      {/* From 768 px the navigation is a sidebar; below, the header's menu button opens it as a drawer. */}
      <aside className="hidden w-60 shrink-0 border-r border-line bg-surface md:block">
        <div className="sticky top-0 flex h-screen flex-col">
          <div className="flex h-14 items-center border-b border-line px-5">
            <Logo />
          </div>
          <MainNav />
          <div className="border-t border-line p-4 text-xs text-muted">
            Machine-to-machine authorization
          </div>
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-10 flex h-14 items-center justify-between gap-2 border-b border-line bg-surface/85 px-3 backdrop-blur sm:gap-4 sm:px-4 md:px-8">
          <div className="flex min-w-0 items-center gap-2 text-sm">
            <MenuButton />
            <span className="hidden text-muted sm:inline">Tenant</span>
            <span
              title="Tenant"
              className="truncate rounded-md bg-subtle px-2 py-0.5 font-mono text-[13px] font-medium text-fg ring-1 ring-line ring-inset"
            >
              {session.data.tenant}
            </span>
          </div>
          <div className="flex shrink-0 items-center gap-2 sm:gap-3">
            <ThemeToggle />
            <span className="hidden h-6 w-px bg-line lg:block" aria-hidden />
            <span className="hidden text-[13px] text-muted lg:inline" title="Signed in as">
              {session.data.email}
            </span>
            <Button
              size="sm"
              variant="ghost"
              aria-label="Sign out"
              pending={signOut.isPending}
              onClick={() =>
                signOut.mutate(undefined, {
                  onSettled: () => void navigate('/sign-in', { replace: true }),
                })
              }
            >
              <LogOut className="size-4" aria-hidden />
              <span className="hidden sm:inline">Sign out</span>
            </Button>
          </div>
        </header>
        {readiness.data && readiness.data.status !== 'ready' && (
          <div
            role="status"
            className="border-b border-line bg-warning-soft px-4 py-2 text-sm text-warning-text md:px-8"
          >
            Tokenhook is {readiness.data.message}. Tokens are still issued from cached state;
            changes cannot be saved until the store is back.
          </div>
        )}
        <main
          id="main"
          className={cn(
            'mx-auto w-full min-w-0 flex-1 px-4 py-6 md:px-8 md:py-8',
            wide ? 'max-w-[1600px]' : 'max-w-6xl',
          )}
        >
          <Outlet />
        </main>
      </div>
    </div>
  );
}

/** The console's sections; the current one is marked for assistive technology by NavLink. */
function MainNav() {
  return (
    <nav aria-label="Main" className="flex-1 space-y-0.5 p-3">
      {nav.map(({ to, label, icon: Icon }) => (
        <NavLink
          key={to}
          to={to}
          className={({ isActive }) =>
            cn(
              'flex items-center gap-2.5 rounded-lg px-3 py-2 text-sm font-medium transition-colors',
              isActive
                ? 'bg-accent-soft text-accent-text'
                : 'text-muted hover:bg-subtle hover:text-fg',
            )
          }
        >
          <Icon className="size-4" aria-hidden />
          {label}
        </NavLink>
      ))}
    </nav>
  );
}

/** Below 768 px: opens the navigation as a drawer. */
function MenuButton() {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  return (
    <>
      <button
        type="button"
        aria-label="Open menu"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
        className="-ml-1 inline-flex size-9 shrink-0 cursor-pointer items-center justify-center rounded-md text-muted hover:bg-subtle hover:text-fg md:hidden"
      >
        <Menu className="size-5" aria-hidden />
      </button>
      <NavDrawer open={open} onClose={close} title={<Logo />}>
        <MainNav />
      </NavDrawer>
    </>
  );
}

function LayoutSkeleton() {
  return (
    <div role="status" aria-label="Loading Tokenhook" className="flex min-h-screen">
      <div className="hidden w-60 border-r border-line bg-surface p-5 md:block">
        <Skeleton className="h-7 w-32" />
        <Skeleton className="mt-8 h-8 w-full" />
        <Skeleton className="mt-2 h-8 w-full" />
      </div>
      <div className="min-w-0 flex-1 p-4 md:p-8">
        <Skeleton className="h-8 w-48" />
        <Skeleton className="mt-8 h-64 w-full" />
      </div>
    </div>
  );
}
