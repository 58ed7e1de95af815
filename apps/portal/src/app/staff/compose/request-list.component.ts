import { ChangeDetectionStrategy, Component, input, model } from '@angular/core';
import type { CreateRequestItem, RequestKind } from '@app/contracts';
import { moveItem, REQUEST_KIND_TEXT } from './compose-format';

/**
 * The requests of a template or a task being composed: add, remove and reorder questions,
 * documents and confirmations, each with its prompt. A fieldset with a legend; every control
 * labelled with the request's number; the API's messages (`requests.0.prompt`) beside the field.
 */
@Component({
  selector: 'cp-request-list',
  styleUrls: ['../staff.css', './compose.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset [attr.data-testid]="idPrefix() + '-requests'">
      <legend>{{ legend() }}</legend>
      @if (errors()['requests']; as message) {
        <p class="field-error">{{ message }}</p>
      }
      @if (requests().length === 0) {
        <p class="empty">No requests yet. Add at least one.</p>
      }
      <ol class="request-list">
        @for (r of requests(); track $index; let i = $index; let last = $last) {
          <li class="request-row" data-testid="request-row">
            <div class="field">
              <label [for]="idPrefix() + '-kind-' + i">Request {{ i + 1 }}: kind</label>
              <select
                [id]="idPrefix() + '-kind-' + i"
                [value]="r.kind"
                data-testid="request-kind"
                (change)="setKind(i, $any($event.target).value)"
              >
                @for (k of kinds; track k) {
                  <option [value]="k" [selected]="k === r.kind">{{ kindText[k] }}</option>
                }
              </select>
            </div>
            <div class="field">
              <label [for]="idPrefix() + '-prompt-' + i">Request {{ i + 1 }}: what to ask</label>
              <textarea
                [id]="idPrefix() + '-prompt-' + i"
                rows="2"
                maxlength="2000"
                data-testid="request-prompt"
                [value]="r.prompt"
                [attr.aria-invalid]="!!promptError(i)"
                [attr.aria-describedby]="promptError(i) ? idPrefix() + '-prompt-error-' + i : null"
                (input)="setPrompt(i, $any($event.target).value)"
              ></textarea>
              @if (promptError(i); as message) {
                <p class="field-error" [id]="idPrefix() + '-prompt-error-' + i">{{ message }}</p>
              }
            </div>
            <div class="row-actions">
              <button
                type="button"
                class="button button-small"
                [disabled]="i === 0"
                (click)="move(i, -1)"
              >
                <span
                  >Move <span class="sr-only">request {{ i + 1 }}</span> up</span
                >
              </button>
              <button
                type="button"
                class="button button-small"
                [disabled]="last"
                (click)="move(i, 1)"
              >
                <span
                  >Move <span class="sr-only">request {{ i + 1 }}</span> down</span
                >
              </button>
              <button
                type="button"
                class="button button-small"
                data-testid="request-remove"
                (click)="remove(i)"
              >
                <span
                  >Remove <span class="sr-only">request {{ i + 1 }}</span></span
                >
              </button>
            </div>
          </li>
        }
      </ol>
      <div class="row-actions">
        @for (k of kinds; track k) {
          <button
            type="button"
            class="button button-small"
            [attr.data-testid]="idPrefix() + '-add-' + k"
            (click)="add(k)"
          >
            Add a {{ kindText[k].toLowerCase() }}
          </button>
        }
      </div>
    </fieldset>
  `,
})
export class RequestListComponent {
  readonly requests = model.required<CreateRequestItem[]>();
  readonly legend = input('Requests');
  readonly idPrefix = input('req');
  /** Field errors from the API, keyed as it names them (`requests`, `requests.0.prompt`). */
  readonly errors = input<Partial<Record<string, string>>>({});

  protected readonly kinds: RequestKind[] = ['question', 'document', 'confirmation'];
  protected readonly kindText = REQUEST_KIND_TEXT;

  protected promptError(i: number): string | undefined {
    const e = this.errors();
    return e[`requests.${i}.prompt`] ?? e[`requests.${i}.kind`] ?? e[`requests.${i}`];
  }

  protected add(kind: RequestKind): void {
    this.requests.update((list) => [...list, { kind, prompt: '' }]);
  }

  protected remove(i: number): void {
    this.requests.update((list) => list.filter((_, at) => at !== i));
  }

  protected move(i: number, by: -1 | 1): void {
    this.requests.update((list) => moveItem(list, i, by));
  }

  protected setKind(i: number, kind: RequestKind): void {
    this.requests.update((list) => list.map((r, at) => (at === i ? { ...r, kind } : r)));
  }

  protected setPrompt(i: number, prompt: string): void {
    this.requests.update((list) => list.map((r, at) => (at === i ? { ...r, prompt } : r)));
  }
}
