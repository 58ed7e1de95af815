import { DestroyRef, inject, signal, type Signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { StaffSessionService } from '../staff-session.service';
import { ComposeApiService } from './compose-api.service';

/** A staff user's name as colleagues see it: the display name (issue 12) when there is one. */
export function staffName(s: { username: string; displayName?: string | null }): string {
  return s.displayName?.trim() || s.username;
}

export interface OwnerOption {
  id: string;
  label: string;
}

/**
 * Who may own a task: the staff users (GET /api/admin/staff, admins only), the signed-in one
 * first as "Me"; for a staff member who may not list them, only "Me". Call in an injection context.
 */
export function ownerOptions(): { options: Signal<OwnerOption[]>; me: () => string } {
  const sessions = inject(StaffSessionService);
  const api = inject(ComposeApiService);
  const meId = () => sessions.session()?.staff.id ?? '';
  const mine = (): OwnerOption[] => {
    const s = sessions.session()?.staff;
    return s ? [{ id: s.id, label: `Me (${staffName(s)})` }] : [];
  };
  const options = signal<OwnerOption[]>(mine());
  if (sessions.session()?.staff.role === 'admin') {
    api
      .staff()
      .pipe(takeUntilDestroyed(inject(DestroyRef)))
      .subscribe({
        next: (staff) =>
          options.set([
            ...mine(),
            ...staff
              .filter((s) => s.id !== meId())
              .map((s) => ({ id: s.id, label: `${staffName(s)} (${s.role})` })),
          ]),
        error: () => options.set(mine()),
      });
  }
  return { options: options.asReadonly(), me: meId };
}
