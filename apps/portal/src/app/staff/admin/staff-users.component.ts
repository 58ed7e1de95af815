import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  type OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import type { StaffRole, StaffView, UpdateStaffRequest } from '@app/contracts';
import { toApiProblem } from '../../core/api-problem';
import { createFormSubmit } from '../../core/form-submit';
import { StaffSessionService } from '../staff-session.service';
import { shortTime } from '../staff-format';
import { AdminApiService } from './admin-api.service';

/** The API's password rule (SPEC rule 15), said before the first try. */
export const PASSWORD_HINT =
  '12 to 128 characters; not a common password, nor the username or e-mail address. They can change it later.';

export const ROLE_TEXT: Record<StaffRole, string> = {
  admin: 'Administrator',
  staff: 'Staff',
};

/** Only what changed, so a PATCH touches nothing else; an emptied e-mail removes the address. */
export function staffChanges(
  before: StaffView,
  after: { displayName: string; email: string; role: StaffRole },
): UpdateStaffRequest {
  const out: UpdateStaffRequest = {};
  const displayName = after.displayName.trim();
  const email = after.email.trim();
  if (displayName && displayName !== before.displayName) out.displayName = displayName;
  if (email !== (before.email ?? '')) out.email = email || null;
  if (after.role !== before.role) out.role = after.role;
  return out;
}

type StaffField = 'username' | 'password' | 'email' | 'displayName' | 'role';

/** Staff users (admins only): who can sign in to the workspace, their role and address. */
@Component({
  selector: 'cp-staff-admin-users',
  imports: [ReactiveFormsModule],
  styleUrls: ['../staff.css', './admin.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page-head">
      <h1>Staff users</h1>
      <button
        type="button"
        class="button"
        data-testid="staff-users-new"
        [attr.aria-expanded]="creating()"
        aria-controls="new-staff"
        (click)="creating.set(!creating())"
      >
        New staff user
      </button>
    </div>

    @if (created(); as who) {
      <div class="notice notice-success" role="status" data-testid="staff-users-created">
        <p>{{ who }} can now sign in. Give them the initial password another way than e-mail.</p>
      </div>
    }

    @if (creating()) {
      <section class="section" id="new-staff" aria-labelledby="new-staff-heading">
        <h2 id="new-staff-heading">New staff user</h2>
        <form class="form" [formGroup]="form" (ngSubmit)="create()" novalidate>
          <div class="field">
            <label for="staff-username">Username</label>
            <input
              id="staff-username"
              formControlName="username"
              autocomplete="off"
              data-testid="staff-new-username"
              [attr.aria-invalid]="!!submission.fieldErrors().username"
            />
            @if (submission.fieldErrors().username; as message) {
              <p class="field-error">{{ message }}</p>
            }
          </div>
          <div class="field">
            <label for="staff-display-name">Display name</label>
            <input
              id="staff-display-name"
              formControlName="displayName"
              autocomplete="off"
              data-testid="staff-new-display-name"
              aria-describedby="staff-display-name-hint"
              [attr.aria-invalid]="!!submission.fieldErrors().displayName"
            />
            <p class="muted" id="staff-display-name-hint">
              Clients see this name on replies. Empty: the username.
            </p>
            @if (submission.fieldErrors().displayName; as message) {
              <p class="field-error">{{ message }}</p>
            }
          </div>
          <div class="field">
            <label for="staff-email">E-mail (optional)</label>
            <input
              id="staff-email"
              type="email"
              formControlName="email"
              autocomplete="off"
              data-testid="staff-new-email"
              aria-describedby="staff-email-hint"
              [attr.aria-invalid]="!!submission.fieldErrors().email"
            />
            <p class="muted" id="staff-email-hint">Notices of client activity go here.</p>
            @if (submission.fieldErrors().email; as message) {
              <p class="field-error">{{ message }}</p>
            }
          </div>
          <div class="field">
            <label for="staff-role">Role</label>
            <select
              id="staff-role"
              formControlName="role"
              data-testid="staff-new-role"
              aria-describedby="staff-role-hint"
            >
              <option value="staff">Staff</option>
              <option value="admin">Administrator</option>
            </select>
            <p class="muted" id="staff-role-hint">
              Staff work with clients, tasks and the inbox. Administrators also manage staff users,
              integration tokens and webhooks.
            </p>
          </div>
          <div class="field">
            <label for="staff-password">Initial password</label>
            <input
              id="staff-password"
              type="password"
              formControlName="password"
              autocomplete="new-password"
              data-testid="staff-new-password"
              aria-describedby="staff-password-hint"
              [attr.aria-invalid]="!!submission.fieldErrors().password"
            />
            <p class="muted" id="staff-password-hint">{{ passwordHint }}</p>
            @if (submission.fieldErrors().password; as message) {
              <p class="field-error">{{ message }}</p>
            }
          </div>
          @if (submission.error(); as message) {
            <div class="notice notice-error" role="alert" data-testid="staff-new-error">
              <p>{{ message }}</p>
            </div>
          }
          <div class="actions">
            <button
              type="submit"
              class="button button-primary"
              data-testid="staff-new-submit"
              [disabled]="submission.blocked()"
            >
              {{ submission.busy() ? 'Creating…' : 'Create staff user' }}
            </button>
          </div>
        </form>
      </section>
    }

    @if (loading()) {
      <p class="loading" aria-busy="true" data-testid="staff-users-loading">
        <span class="spinner" aria-hidden="true"></span>
        Loading staff users…
      </p>
    }
    @if (error(); as message) {
      <div class="notice notice-error" role="alert" data-testid="staff-users-error">
        <p>{{ message }}</p>
        <button type="button" class="button" (click)="load()">Try again</button>
      </div>
    }
    @if (users(); as list) {
      @if (list.length === 0) {
        <p class="empty" data-testid="staff-users-empty">No staff users yet.</p>
      } @else {
        <ul class="rows" role="list" data-testid="staff-users-list">
          @for (u of list; track u.id) {
            <li class="row" data-testid="staff-users-item" [attr.data-username]="u.username">
              <p class="row-title">
                {{ u.displayName }}
                @if (u.id === myId()) {
                  <span class="badge">You</span>
                }
                @if (u.disabledAt) {
                  <span class="badge badge-error">Disabled {{ time(u.disabledAt) }}</span>
                }
              </p>
              <p class="meta">
                <span>Username: {{ u.username }}</span>
                <span>{{ roleText[u.role] }}</span>
                <span>{{ u.email ?? 'No e-mail address' }}</span>
                <span>Since {{ time(u.createdAt) }}</span>
              </p>
              @if (editing() === u.id) {
                <form
                  class="form"
                  [formGroup]="edit"
                  (ngSubmit)="save(u)"
                  novalidate
                  [attr.aria-label]="'Edit ' + u.username"
                >
                  <div class="field">
                    <label [for]="'edit-name-' + u.id">Display name</label>
                    <input
                      [id]="'edit-name-' + u.id"
                      formControlName="displayName"
                      data-testid="staff-edit-display-name"
                    />
                    @if (saving.fieldErrors().displayName; as message) {
                      <p class="field-error">{{ message }}</p>
                    }
                  </div>
                  <div class="field">
                    <label [for]="'edit-email-' + u.id">E-mail</label>
                    <input
                      [id]="'edit-email-' + u.id"
                      type="email"
                      formControlName="email"
                      data-testid="staff-edit-email"
                    />
                    @if (saving.fieldErrors().email; as message) {
                      <p class="field-error">{{ message }}</p>
                    }
                  </div>
                  <div class="field">
                    <label [for]="'edit-role-' + u.id">Role</label>
                    <select
                      [id]="'edit-role-' + u.id"
                      formControlName="role"
                      data-testid="staff-edit-role"
                    >
                      <option value="staff">Staff</option>
                      <option value="admin">Administrator</option>
                    </select>
                  </div>
                  @if (saving.error(); as message) {
                    <div class="notice notice-error" role="alert" data-testid="staff-edit-error">
                      <p>{{ message }}</p>
                    </div>
                  }
                  <div class="actions">
                    <button
                      type="submit"
                      class="button button-primary"
                      data-testid="staff-edit-save"
                      [disabled]="saving.blocked()"
                    >
                      {{ saving.busy() ? 'Saving…' : 'Save' }}
                    </button>
                    <button type="button" class="button" (click)="editing.set(null)">Cancel</button>
                  </div>
                </form>
              } @else if (confirmingDisable() === u.id) {
                <p class="confirm">
                  <span
                    >Disable {{ u.username }}? They are signed out at once and cannot sign in;
                    integration tokens they created stop working.</span
                  >
                  <button
                    type="button"
                    class="button button-primary"
                    data-testid="staff-disable-confirm"
                    [disabled]="toggling()"
                    (click)="setDisabled(u, true)"
                  >
                    Yes, disable
                  </button>
                  <button type="button" class="button" (click)="confirmingDisable.set(null)">
                    Keep active
                  </button>
                </p>
              } @else {
                <p class="confirm">
                  <button
                    type="button"
                    class="button"
                    [attr.data-testid]="'staff-edit-' + u.username"
                    [attr.aria-label]="'Edit ' + u.username"
                    (click)="startEdit(u)"
                  >
                    Edit
                  </button>
                  @if (u.disabledAt) {
                    <button
                      type="button"
                      class="button"
                      data-testid="staff-enable"
                      [attr.aria-label]="'Enable ' + u.username"
                      [disabled]="toggling()"
                      (click)="setDisabled(u, false)"
                    >
                      Enable
                    </button>
                  } @else if (u.id === myId()) {
                    <span class="muted">You cannot disable your own account.</span>
                  } @else {
                    <button
                      type="button"
                      class="button"
                      data-testid="staff-disable"
                      [attr.aria-label]="'Disable ' + u.username"
                      (click)="confirmingDisable.set(u.id)"
                    >
                      Disable
                    </button>
                  }
                </p>
              }
              @if (toggleError(); as message) {
                @if (toggleOn() === u.id) {
                  <div class="notice notice-error" role="alert" data-testid="staff-disable-error">
                    <p>{{ message }}</p>
                  </div>
                }
              }
            </li>
          }
        </ul>
      }
    }
  `,
})
export class StaffUsersComponent implements OnInit {
  private readonly api = inject(AdminApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly sessions = inject(StaffSessionService);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly passwordHint = PASSWORD_HINT;
  protected readonly roleText = ROLE_TEXT;
  protected readonly time = shortTime;
  protected readonly users = signal<StaffView[] | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly creating = signal(false);
  protected readonly created = signal<string | null>(null);
  protected readonly editing = signal<string | null>(null);
  protected readonly submission = createFormSubmit<StaffField>({
    codeFields: { username_taken: 'username', weak_password: 'password' },
  });
  protected readonly saving = createFormSubmit<StaffField>();
  protected readonly confirmingDisable = signal<string | null>(null);
  protected readonly toggling = signal(false);
  protected readonly toggleOn = signal<string | null>(null);
  protected readonly toggleError = signal<string | null>(null);
  protected readonly form = this.fb.group({
    username: [''],
    displayName: [''],
    email: [''],
    role: this.fb.control<StaffRole>('staff'),
    password: [''],
  });
  protected readonly edit = this.fb.group({
    displayName: [''],
    email: [''],
    role: this.fb.control<StaffRole>('staff'),
  });

  protected myId(): string | undefined {
    return this.sessions.session()?.staff.id;
  }

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api
      .staffUsers()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (users) => {
          this.users.set(users);
          this.loading.set(false);
        },
        error: (err: unknown) => {
          this.loading.set(false);
          this.error.set(toApiProblem(err).message);
        },
      });
  }

  protected create(): void {
    const value = this.form.getRawValue();
    const fields: Partial<Record<StaffField, string>> = {};
    if (!value.username.trim()) fields.username = 'Please enter a username.';
    if (!value.password) fields.password = 'Please enter an initial password.';
    if (fields.username || fields.password) {
      this.submission.reject('Please fill in the fields marked below.', fields);
      return;
    }
    this.created.set(null);
    this.submission.run(
      this.api.createStaff({
        username: value.username.trim(),
        password: value.password,
        role: value.role,
        ...(value.email.trim() ? { email: value.email.trim() } : {}),
        ...(value.displayName.trim() ? { displayName: value.displayName.trim() } : {}),
      }),
      {
        next: (user) => {
          this.users.update((list) => [...(list ?? []), user]);
          this.created.set(user.username);
          this.creating.set(false);
          this.form.reset();
        },
      },
    );
  }

  /** Disable (after the confirmation) or enable; the API's sentence when it refuses. */
  protected setDisabled(user: StaffView, disabled: boolean): void {
    this.toggling.set(true);
    this.toggleOn.set(user.id);
    this.toggleError.set(null);
    this.api
      .updateStaff(user.id, { disabled })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (saved) => {
          this.toggling.set(false);
          this.confirmingDisable.set(null);
          this.users.update((list) => (list ?? []).map((u) => (u.id === saved.id ? saved : u)));
        },
        error: (err: unknown) => {
          this.toggling.set(false);
          this.confirmingDisable.set(null);
          this.toggleError.set(toApiProblem(err).message);
        },
      });
  }

  protected startEdit(user: StaffView): void {
    this.saving.clear();
    this.edit.setValue({
      displayName: user.displayName,
      email: user.email ?? '',
      role: user.role,
    });
    this.editing.set(user.id);
  }

  protected save(user: StaffView): void {
    const changes = staffChanges(user, this.edit.getRawValue());
    if (Object.keys(changes).length === 0) {
      this.editing.set(null);
      return;
    }
    this.saving.run(this.api.updateStaff(user.id, changes), {
      next: (saved) => {
        this.users.update((list) => (list ?? []).map((u) => (u.id === saved.id ? saved : u)));
        this.editing.set(null);
      },
    });
  }
}
