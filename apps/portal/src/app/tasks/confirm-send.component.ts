import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  input,
  type OnInit,
  output,
  viewChild,
} from '@angular/core';

let nextId = 0;

/**
 * The confirm step before a final submit (issue 13): an inline group that says what cannot be
 * undone and asks "Send?". It is announced (role alert) and takes the keyboard focus on its send
 * button; Escape or "Not yet" goes back without sending.
 */
@Component({
  selector: 'cp-confirm-send',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: './request-forms.css',
  template: `
    <div
      class="confirm"
      role="group"
      data-testid="confirm-step"
      [attr.aria-labelledby]="textId"
      (keydown.escape)="cancelled.emit()"
    >
      <p class="confirm-text" role="alert" [id]="textId" data-testid="confirm-text">
        {{ question() }}
      </p>
      <div class="actions">
        <button
          #send
          type="button"
          class="button button-primary"
          data-testid="confirm-send"
          [disabled]="busy()"
          [attr.aria-busy]="busy()"
          (click)="confirmed.emit()"
        >
          {{ busy() ? 'Sending…' : sendLabel() }}
        </button>
        <button
          type="button"
          class="button"
          data-testid="confirm-cancel"
          [disabled]="busy()"
          (click)="cancelled.emit()"
        >
          Not yet
        </button>
      </div>
    </div>
  `,
})
export class ConfirmSendComponent implements OnInit {
  /** What cannot be undone, ending in the question: "… after sending. Send?" */
  readonly question = input.required<string>();
  readonly sendLabel = input('Yes, send');
  readonly busy = input(false);
  readonly confirmed = output<void>();
  readonly cancelled = output<void>();

  protected readonly textId = `confirm-text-${++nextId}`;
  private readonly send = viewChild<ElementRef<HTMLButtonElement>>('send');

  ngOnInit(): void {
    queueMicrotask(() => this.send()?.nativeElement.focus());
  }
}
