import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  type OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import type { NotificationSettingsView, StaffNotifyMode } from '@app/contracts';
import { toApiProblem } from '../../core/api-problem';
import { createFormSubmit } from '../../core/form-submit';
import { StaffSessionService } from '../staff-session.service';
import { MySettingsApiService } from './my-settings-api.service';

/** The three notice modes, in words (the window comes from the API). */
export function modeChoices(
  windowMinutes: number,
): { mode: StaffNotifyMode; label: string; hint: string }[] {
  const window = windowMinutes === 1 ? '1 minute' : `${windowMinutes} minutes`;
  return [
    {
      mode: 'immediate',
      label: 'Immediately',
      hint: 'One e-mail soon after each client activity on my tasks.',
    },
    {
      mode: 'batched',
      label: 'Batched',
      hint: `At most one e-mail every ${window}, listing everything that happened.`,
    },
    { mode: 'off', label: 'Off', hint: 'No e-mails; I follow activity in the inbox.' },
  ];
}

/** My settings (every staff user): notices of client activity, my name and e-mail address. */
@Component({
  selector: 'cp-staff-my-settings',
  imports: [FormsModule],
  styleUrls: ['../staff.css', '../admin/admin.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>My settings</h1>

    <section class="section" aria-labelledby="notify-heading">
      <h2 id="notify-heading">E-mails about client activity</h2>
      @if (loading()) {
        <p class="loading" aria-busy="true" data-testid="settings-loading">
          <span class="spinner" aria-hidden="true"></span>
          Loading your settings…
        </p>
      }
      @if (error(); as message) {
        <div class="notice notice-error" role="alert" data-testid="settings-error">
          <p>{{ message }}</p>
          <button type="button" class="button" (click)="load()">Try again</button>
        </div>
      }
      @if (settings(); as s) {
        <p class="muted">
          When a client answers, uploads, declines a confirmation or writes on a task you own, you
          can hear of it by e-mail.
        </p>
        @if (!s.email) {
          <div class="notice notice-error" role="status" data-testid="settings-no-email">
            <p>You have no e-mail address yet, so no e-mail can reach you. Add one below.</p>
          </div>
        } @else {
          <p data-testid="settings-email">E-mails go to {{ s.email }}.</p>
        }
        <form class="form" (ngSubmit)="saveMode()" novalidate>
          <fieldset>
            <legend>Send me e-mails</legend>
            @for (c of choices(); track c.mode) {
              <label class="check">
                <input
                  type="radio"
                  name="mode"
                  [value]="c.mode"
                  [attr.data-testid]="'settings-mode-' + c.mode"
                  [(ngModel)]="mode"
                />
                <span
                  ><strong>{{ c.label }}</strong> — {{ c.hint }}</span
                >
              </label>
            }
          </fieldset>
          @if (modeSubmit.error(); as message) {
            <div class="notice notice-error" role="alert" data-testid="settings-mode-error">
              <p>{{ message }}</p>
            </div>
          }
          @if (modeSaved()) {
            <p class="notice notice-success" role="status" data-testid="settings-mode-saved">
              Saved: {{ savedText() }}
            </p>
          }
          <div class="actions">
            <button
              type="submit"
              class="button button-primary"
              data-testid="settings-mode-save"
              [disabled]="modeSubmit.blocked()"
            >
              {{ modeSubmit.busy() ? 'Saving…' : 'Save e-mail setting' }}
            </button>
          </div>
        </form>
      }
    </section>

    <section class="section" aria-labelledby="profile-heading">
      <h2 id="profile-heading">My name and address</h2>
      <form class="form" (ngSubmit)="saveProfile()" novalidate>
        <div class="field">
          <label for="my-display-name">Display name</label>
          <input
            id="my-display-name"
            name="displayName"
            autocomplete="name"
            data-testid="settings-display-name"
            aria-describedby="my-display-name-hint"
            [(ngModel)]="displayName"
            [attr.aria-invalid]="!!profileSubmit.fieldErrors().displayName"
          />
          <p class="muted" id="my-display-name-hint">Clients see this name on your replies.</p>
          @if (profileSubmit.fieldErrors().displayName; as message) {
            <p class="field-error">{{ message }}</p>
          }
        </div>
        <div class="field">
          <label for="my-email">E-mail address</label>
          <input
            id="my-email"
            name="email"
            type="email"
            autocomplete="email"
            data-testid="settings-email-input"
            aria-describedby="my-email-hint"
            [(ngModel)]="email"
            [attr.aria-invalid]="!!profileSubmit.fieldErrors().email"
          />
          <p class="muted" id="my-email-hint">
            Notices of client activity go here. Leave it empty to remove it.
          </p>
          @if (profileSubmit.fieldErrors().email; as message) {
            <p class="field-error">{{ message }}</p>
          }
        </div>
        @if (profileSubmit.error(); as message) {
          <div class="notice notice-error" role="alert" data-testid="settings-profile-error">
            <p>{{ message }}</p>
          </div>
        }
        @if (profileSaved()) {
          <p class="notice notice-success" role="status" data-testid="settings-profile-saved">
            Saved your name and address.
          </p>
        }
        <div class="actions">
          <button
            type="submit"
            class="button button-primary"
            data-testid="settings-profile-save"
            [disabled]="profileSubmit.blocked()"
          >
            {{ profileSubmit.busy() ? 'Saving…' : 'Save name and address' }}
          </button>
        </div>
      </form>
    </section>
  `,
})
export class MySettingsComponent implements OnInit {
  private readonly api = inject(MySettingsApiService);
  private readonly sessions = inject(StaffSessionService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly settings = signal<NotificationSettingsView | null>(null);
  protected readonly choices = signal(modeChoices(10));
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly modeSaved = signal(false);
  protected readonly savedText = signal('');
  protected readonly profileSaved = signal(false);
  protected readonly modeSubmit = createFormSubmit();
  protected readonly profileSubmit = createFormSubmit<'displayName' | 'email'>();
  protected mode: StaffNotifyMode = 'batched';
  protected displayName = this.sessions.session()?.staff.displayName ?? '';
  protected email = this.sessions.session()?.staff.email ?? '';

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api
      .notificationSettings()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (settings) => this.show(settings),
        error: (err: unknown) => {
          this.loading.set(false);
          this.error.set(toApiProblem(err).message);
        },
      });
  }

  protected saveMode(): void {
    this.modeSaved.set(false);
    this.modeSubmit.run(this.api.setNotifyMode(this.mode), {
      next: (settings) => {
        this.show(settings);
        const choice = this.choices().find((c) => c.mode === settings.mode);
        this.savedText.set(choice ? `${choice.label}. ${choice.hint}` : settings.mode);
        this.modeSaved.set(true);
      },
    });
  }

  protected saveProfile(): void {
    const displayName = this.displayName.trim();
    if (!displayName) {
      this.profileSubmit.reject(null, { displayName: 'Please enter the name clients will see.' });
      return;
    }
    this.profileSaved.set(false);
    const email = this.email.trim();
    this.profileSubmit.run(this.api.updateProfile({ displayName, email: email || null }), {
      next: (session) => {
        this.profileSaved.set(true);
        this.settings.update((s) => (s ? { ...s, email: session.staff.email } : s));
        // The shell's header shows who is signed in: let it read the new name.
        this.sessions
          .load()
          .pipe(takeUntilDestroyed(this.destroyRef))
          .subscribe({
            error: () => undefined,
          });
      },
    });
  }

  private show(settings: NotificationSettingsView): void {
    this.settings.set(settings);
    this.choices.set(modeChoices(settings.windowMinutes));
    this.mode = settings.mode;
    this.email = settings.email ?? '';
    this.loading.set(false);
  }
}
