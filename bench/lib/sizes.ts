/** The seed sizes and run lengths of `npm run bench` (see bench/README section in README.md). */
export type SizeName = 'smoke' | 'small' | 'large';

export interface SeedSize {
  name: SizeName;
  /** Clients in all, including the heavy ones. */
  clients: number;
  /** Tasks in all, including the heavy clients' 300 each. */
  tasks: number;
  /** Clients with 150 open + 150 completed tasks (the dashboard and task detail run on them). */
  heavyClients: number;
  /** Unused dispatch links for redeem (each request takes a fresh one). */
  redeemPool: number;
  /** Unused dispatch links that link status asks about (status changes nothing). */
  statusPool: number;
  /** Links that expired long ago, added just before the purge is measured. */
  expiredLinks: number;
}

export const SIZES: Record<SizeName, SeedSize> = {
  smoke: {
    name: 'smoke',
    clients: 20,
    tasks: 600,
    heavyClients: 1,
    redeemPool: 10_000,
    statusPool: 50,
    expiredLinks: 2_000,
  },
  small: {
    name: 'small',
    clients: 1_000,
    tasks: 10_000,
    heavyClients: 5,
    redeemPool: 60_000,
    statusPool: 1_000,
    expiredLinks: 50_000,
  },
  large: {
    name: 'large',
    clients: 10_000,
    tasks: 1_000_000,
    heavyClients: 20,
    redeemPool: 80_000,
    statusPool: 5_000,
    expiredLinks: 1_000_000,
  },
};

/** Tasks per regular dispatch; each dispatch has 3 links (1M tasks ≈ 1M links at large). */
export const TASKS_PER_DISPATCH = 3;
export const LINKS_PER_DISPATCH = 3;
export const HEAVY_OPEN = 150;
export const HEAVY_COMPLETED = 150;
