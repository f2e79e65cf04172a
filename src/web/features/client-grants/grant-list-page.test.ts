import { describe, expect, it } from 'vitest';
import type { GrantTarget } from './components/grant-row';
import { grantListPage } from './grant-list-page';

const target = (i: number): GrantTarget => ({
  key: `k${i}`,
  title: `Service ${i}`,
  subtitle: `client-${String(i).padStart(5, '0')}`,
  href: `/applications/${i}`,
  client_id: `client-${i}`,
  audience: 'https://api.example',
  scopes: [],
});
const targets = Array.from({ length: 250 }, (_, i) => target(i));

describe('grantListPage', () => {
  it('shows a page of a long list, and the total', () => {
    const first = grantListPage(targets, '', 0);
    expect([first.rows.length, first.total, first.page, first.rows[0]!.title]).toEqual([
      100,
      250,
      0,
      'Service 0',
    ]);
    const last = grantListPage(targets, '', 2);
    expect([last.rows.length, last.rows[0]!.title, last.rows[49]!.title]).toEqual([
      50,
      'Service 200',
      'Service 249',
    ]);
  });

  it('searches names and identifiers, case-insensitively, across every page', () => {
    expect(grantListPage(targets, 'service 24', 0).rows.map((t) => t.title)).toEqual([
      'Service 24',
      ...Array.from({ length: 10 }, (_, i) => `Service ${240 + i}`),
    ]);
    expect(grantListPage(targets, 'CLIENT-00199', 0).rows.map((t) => t.title)).toEqual([
      'Service 199',
    ]);
    expect(grantListPage(targets, 'nothing like it', 0)).toEqual({ rows: [], total: 0, page: 0 });
  });

  it('shows the last page when the page asked for is past the end (a search narrowed the list)', () => {
    const narrowed = grantListPage(targets, 'service 1', 5);
    expect(narrowed.page).toBe(1);
    expect(narrowed.rows.length).toBe(narrowed.total - 100);
  });
});
