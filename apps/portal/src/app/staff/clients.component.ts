import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  inject,
  type OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  FormsModule,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  type ValidatorFn,
  Validators,
} from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { ClientSummary, Page } from '@app/contracts';
import { toApiProblem } from '../core/api-problem';
import { createFormSubmit } from '../core/form-submit';
import { StaffApiService } from './staff-api.service';
import { shortTime } from './staff-format';

const PAGE_SIZE = 25;
const required: ValidatorFn = (control) => Validators.required(control);
const email: ValidatorFn = (control) => Validators.email(control);

/** Clients: search, open tasks, what needs the firm, last activity; create a client. */
@Component({
  selector: 'cp-staff-clients',
  imports: [FormsModule, ReactiveFormsModule, RouterLink],
  styleUrl: './staff.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page-head">
      <h1>Clients</h1>
      <button
        type="button"
        class="button"
        data-testid="clients-new"
        [attr.aria-expanded]="creating()"
        aria-controls="new-client"
        (click)="creating.set(!creating())"
      >
        New client
      </button>
    </div>

    @if (creating()) {
      <section class="section" id="new-client" aria-labelledby="new-client-heading">
        <h2 id="new-client-heading">New client</h2>
        <form class="form" [formGroup]="form" (ngSubmit)="create()" novalidate>
          <div class="field">
            <label for="client-name">Name</label>
            <input
              id="client-name"
              formControlName="name"
              autocomplete="off"
              data-testid="client-name"
              [attr.aria-invalid]="showMissing() && form.controls.name.invalid"
            />
          </div>
          <div class="field">
            <label for="client-email">Order e-mail</label>
            <input
              id="client-email"
              type="email"
              formControlName="email"
              autocomplete="off"
              data-testid="client-email"
              aria-describedby="client-email-hint"
              [attr.aria-invalid]="
                (showMissing() && form.controls.email.invalid) || !!submission.fieldErrors().email
              "
            />
            <p class="muted" id="client-email-hint">
              Tasks and links go to this address. The portal is enabled from now on.
            </p>
            @if (submission.fieldErrors().email; as message) {
              <p class="field-error">{{ message }}</p>
            }
          </div>
          @if (showMissing() && form.invalid) {
            <p class="field-error" role="alert">Please enter a name and a valid e-mail address.</p>
          }
          @if (submission.error(); as message) {
            <div class="notice notice-error" role="alert">
              <p>{{ message }}</p>
            </div>
          }
          <div class="actions">
            <button
              type="submit"
              class="button button-primary"
              data-testid="client-create"
              [disabled]="submission.blocked()"
            >
              {{ submission.busy() ? 'Creating…' : 'Create client' }}
            </button>
          </div>
        </form>
      </section>
    }

    <form class="filters" role="search" aria-label="Find a client" (ngSubmit)="search()">
      <div>
        <label for="clients-q">Search</label>
        <input
          id="clients-q"
          name="q"
          type="search"
          data-testid="clients-search"
          placeholder="Name or order e-mail"
          [(ngModel)]="text"
        />
      </div>
      <button type="submit" class="button">Search</button>
    </form>

    @if (loading()) {
      <p class="loading" data-testid="clients-loading" aria-busy="true">
        <span class="spinner" aria-hidden="true"></span>
        Loading clients…
      </p>
    }
    @if (error(); as message) {
      <div class="notice notice-error" role="alert" data-testid="clients-error">
        <p>{{ message }}</p>
        <button type="button" class="button" (click)="load()">Try again</button>
      </div>
    }
    @if (page(); as p) {
      @if (p.items.length === 0) {
        <p class="empty" data-testid="clients-empty">
          {{ query() ? 'No client matches this search.' : 'No clients yet. Create the first one.' }}
        </p>
      } @else {
        <ul class="rows" role="list" data-testid="clients-list">
          @for (c of p.items; track c.id) {
            <li class="row" data-testid="clients-item">
              <p class="row-title">
                <a
                  [routerLink]="['/staff/clients', c.id]"
                  [attr.data-testid]="'client-link-' + c.email"
                  >{{ c.name }}</a
                >
              </p>
              <p class="meta">
                <span>{{ c.email }}</span>
                <span>{{ c.openTasks }} open {{ c.openTasks === 1 ? 'task' : 'tasks' }}</span>
                @if (c.needsFirm) {
                  <span class="badge badge-warn">{{ c.needsFirm }} need the firm</span>
                }
                <span>Last activity: {{ time(c.lastActivityAt) }}</span>
                <span>{{ c.portalEnabledFrom ? 'Portal enabled' : 'Portal off (PIN)' }}</span>
              </p>
            </li>
          }
        </ul>
        @if (p.total > p.limit) {
          <nav class="pager" aria-label="Client pages">
            <button
              type="button"
              class="button"
              [disabled]="p.offset === 0"
              (click)="go(p.offset - p.limit)"
            >
              Previous
            </button>
            <span>{{ p.offset + 1 }}–{{ p.offset + p.items.length }} of {{ p.total }}</span>
            <button
              type="button"
              class="button"
              [disabled]="p.offset + p.limit >= p.total"
              (click)="go(p.offset + p.limit)"
            >
              Next
            </button>
          </nav>
        }
      }
    }
  `,
})
export class ClientsComponent implements OnInit {
  private readonly api = inject(StaffApiService);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly page = signal<Page<ClientSummary> | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly query = signal('');
  protected readonly creating = signal(false);
  protected readonly showMissing = signal(false);
  protected readonly submission = createFormSubmit<'email' | 'name'>({
    codeFields: { email_taken: 'email' },
  });
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [required, Validators.maxLength(200)]],
    email: ['', [required, email, Validators.maxLength(320)]],
  });
  protected text = '';
  private offset = 0;

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api
      .clients({ q: this.query() || undefined, offset: this.offset, limit: PAGE_SIZE })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) => {
          this.page.set(page);
          this.loading.set(false);
        },
        error: (err: unknown) => {
          this.page.set(null);
          this.loading.set(false);
          this.error.set(toApiProblem(err).message);
        },
      });
  }

  protected search(): void {
    this.query.set(this.text.trim());
    this.go(0);
  }

  protected go(offset: number): void {
    this.offset = Math.max(0, offset);
    this.load();
  }

  protected create(): void {
    if (this.submission.blocked()) return;
    if (this.form.invalid) {
      this.showMissing.set(true);
      return;
    }
    this.submission.run(this.api.createClient(this.form.getRawValue()), {
      keepBusy: true,
      next: (created) => void this.router.navigate(['/staff/clients', created.id]),
    });
  }

  protected time(iso: string | null): string {
    return shortTime(iso);
  }
}
