/** Offset paging as the Management API takes it (`page` from 0). */
export interface PageRequest {
  page: number;
  per_page: number;
}

/** One page of items and the count of all matching items. */
export interface Page<T> {
  items: T[];
  total: number;
}
