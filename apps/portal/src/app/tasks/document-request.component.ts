import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  type ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { DocumentView, RequestView, TaskDetail } from '@app/contracts';
import { createFormSubmit } from '../core/form-submit';
import { ConfirmSendComponent } from './confirm-send.component';
import { TasksService } from './tasks.service';
import { checkFile, formatSize, UploadService } from './upload.service';

/**
 * A document request (issue 13): a large drop zone (drag files onto it on a computer; on a phone
 * the whole zone is the button that opens the picker; a real file input, so the keyboard works),
 * files checked for size and type before they are sent and uploaded one after another with their
 * progress, each removable or replaceable until the request is submitted, and one button that
 * says what it does ("Submit 2 files") behind a confirm step.
 */
@Component({
  selector: 'cp-document-request',
  imports: [ConfirmSendComponent],
  template: `
    @let req = request();
    @let open = req.status !== 'done' && editable();
    @if (documents().length > 0) {
      <ul class="files" data-testid="document-list" aria-label="Files you sent">
        @for (doc of documents(); track doc.id) {
          <li data-testid="document-item">
            <a [href]="downloadUrl(doc)" download data-testid="document-download">{{
              doc.filename
            }}</a>
            <span class="muted">{{ size(doc.size) }}</span>
            @if (open && doc.uploadedBy === 'client' && !confirming()) {
              <span class="file-actions">
                <button
                  type="button"
                  class="link-button"
                  data-testid="document-replace"
                  [attr.aria-label]="'Replace ' + doc.filename"
                  [disabled]="submission.blocked()"
                  (click)="replace(doc)"
                >
                  Replace
                </button>
                <button
                  type="button"
                  class="link-button"
                  data-testid="document-remove"
                  [attr.aria-label]="'Remove ' + doc.filename"
                  [disabled]="submission.blocked()"
                  (click)="remove(doc)"
                >
                  Remove
                </button>
              </span>
            }
          </li>
        }
      </ul>
    }
    @if (req.status === 'done') {
      <p class="answer" data-testid="documents-sent">
        You sent {{ fileCountText() }} to your firm.
      </p>
    } @else if (!editable()) {
      <p class="muted">This task is closed; no more files can be sent.</p>
    } @else {
      <div
        class="dropzone"
        data-testid="drop-zone"
        [class.dragging]="dragging()"
        [class.busy]="submission.busy()"
        (dragenter)="dragOver($event)"
        (dragover)="dragOver($event)"
        (dragleave)="dragging.set(false)"
        (drop)="dropped($event)"
      >
        <input
          #fileInput
          class="dropzone-input"
          type="file"
          multiple
          [id]="'file-' + req.id"
          data-testid="file-input"
          [attr.accept]="accept()"
          [attr.aria-describedby]="'file-help-' + req.id + ' file-status-' + req.id"
          [disabled]="submission.busy()"
          (change)="chosen($event)"
        />
        <label class="dropzone-label" [for]="'file-' + req.id">
          <span class="dropzone-title">{{ zoneTitle() }}</span>
          <span class="dropzone-drag"
            >or drag and drop {{ replacing() ? 'it' : 'files' }} here</span
          >
        </label>
        <p class="muted dropzone-help" [id]="'file-help-' + req.id">{{ help() }}</p>
      </div>
      @if (replacing(); as old) {
        <p class="muted" data-testid="replace-note">
          The file you choose replaces {{ old.filename }}.
          <button type="button" class="link-button" (click)="replacing.set(null)">
            Keep {{ old.filename }}
          </button>
        </p>
      }
      @if (uploading()) {
        <label class="field-label" [for]="'progress-' + req.id"
          >Uploading {{ fileName() }}: {{ percent() }}%</label
        >
        <progress
          class="progress"
          max="100"
          [id]="'progress-' + req.id"
          data-testid="upload-progress"
          [value]="percent()"
        ></progress>
      }
      <p class="status" [id]="'file-status-' + req.id" aria-live="polite">
        @if (submission.error(); as message) {
          <span class="error" role="alert" data-testid="upload-error">{{ message }}</span>
        } @else if (note(); as message) {
          <span data-testid="upload-note">{{ message }}</span>
        }
      </p>
      @if (confirming()) {
        <cp-confirm-send
          [question]="confirmQuestion()"
          [sendLabel]="'Yes, submit ' + fileCountText()"
          [busy]="submission.busy()"
          (confirmed)="complete()"
          (cancelled)="confirming.set(false)"
        />
      } @else {
        <div class="actions">
          <button
            type="button"
            class="button button-primary"
            data-testid="complete-documents"
            [disabled]="submission.blocked() || documents().length === 0"
            (click)="askToSubmit()"
          >
            {{ submitLabel() }}
          </button>
        </div>
      }
    }
  `,
  styleUrl: './request-forms.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DocumentRequestComponent {
  readonly taskId = input.required<string>();
  readonly request = input.required<RequestView>();
  readonly documents = input<DocumentView[]>([]);
  readonly editable = input(true);
  readonly updated = output<TaskDetail>();
  /** A file was stored; the parent reloads the task to list it. */
  readonly uploaded = output<DocumentView>();
  /** A file was removed; the parent reloads the task. */
  readonly removed = output<string>();

  private readonly tasks = inject(TasksService);
  private readonly uploads = inject(UploadService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly fileInput = viewChild<ElementRef<HTMLInputElement>>('fileInput');

  /** One write at a time: an upload, a removal, or the submit. */
  protected readonly submission = createFormSubmit();
  private readonly action = signal<'upload' | 'remove' | 'complete' | null>(null);
  protected readonly uploading = computed(
    () => this.submission.busy() && this.action() === 'upload',
  );
  protected readonly percent = signal(0);
  protected readonly fileName = signal('');
  protected readonly note = signal<string | null>(null);
  protected readonly accept = signal<string | null>(null);
  protected readonly maxSize = signal<string | null>(null);
  protected readonly dragging = signal(false);
  /** The file the next upload replaces (removed once the new one is stored). */
  protected readonly replacing = signal<DocumentView | null>(null);
  protected readonly confirming = signal(false);
  /** Files chosen together wait here and go one after another. */
  private queue: File[] = [];
  protected readonly size = formatSize;
  protected readonly help = computed(() => {
    const max = this.maxSize();
    return `PDF, images (JPEG, PNG, HEIC) or office documents${max ? `, up to ${max} each` : ''}.`;
  });
  protected readonly zoneTitle = computed(() => {
    const old = this.replacing();
    if (old) return `Choose a file to replace ${old.filename}`;
    return this.documents().length ? 'Add another file' : 'Choose files to upload';
  });
  protected readonly fileCountText = computed(() => {
    const n = this.documents().length;
    return n === 1 ? '1 file' : `${n} files`;
  });
  protected readonly submitLabel = computed(() =>
    this.documents().length ? `Submit ${this.fileCountText()}` : 'Submit files',
  );
  protected readonly confirmQuestion = computed(
    () =>
      `You won't be able to remove, replace or add files after sending. Send ${this.fileCountText()}?`,
  );

  constructor() {
    this.tasks
      .uploadRules()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (rules) => {
          this.accept.set(rules.allowedExtensions.map((e) => `.${e}`).join(','));
          this.maxSize.set(formatSize(rules.maxBytes));
        },
        error: () => undefined,
      });
  }

  protected downloadUrl(doc: DocumentView): string {
    return this.tasks.downloadUrl(this.taskId(), doc.id);
  }

  protected dragOver(event: DragEvent): void {
    if (this.submission.busy()) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    this.dragging.set(true);
  }

  protected dropped(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    if (this.submission.busy()) return;
    this.take(Array.from(event.dataTransfer?.files ?? []));
  }

  protected chosen(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.take(Array.from(input.files ?? []));
  }

  /** "Replace": the next file chosen takes this one's place. */
  protected replace(doc: DocumentView): void {
    this.submission.clear();
    this.note.set(null);
    this.replacing.set(doc);
    this.fileInput()?.nativeElement.focus();
  }

  protected remove(doc: DocumentView): void {
    if (this.submission.blocked()) return;
    this.note.set(null);
    this.action.set('remove');
    this.submission.run(this.tasks.removeDocument(this.taskId(), doc.id), {
      next: () => this.afterRemove(doc, `${doc.filename} was removed.`),
    });
  }

  protected askToSubmit(): void {
    if (this.submission.blocked() || this.documents().length === 0) return;
    this.submission.clear();
    this.note.set(null);
    this.replacing.set(null);
    this.confirming.set(true);
  }

  protected complete(): void {
    if (this.submission.blocked()) return;
    this.action.set('complete');
    this.submission.run(this.tasks.submit(this.taskId(), this.request().id, {}), {
      next: (task) => {
        this.confirming.set(false);
        this.updated.emit(task);
      },
      failed: () => this.confirming.set(false),
    });
  }

  private take(files: File[]): void {
    if (files.length === 0) return;
    this.submission.clear();
    this.note.set(null);
    // A replacement is one file.
    this.queue = this.replacing() ? files.slice(0, 1) : files;
    this.sendNext();
  }

  private sendNext(): void {
    const file = this.queue.shift();
    if (!file) return;
    this.tasks.uploadRules().subscribe({
      next: (rules) => {
        const problem = checkFile(file, rules);
        if (problem) {
          this.queue = [];
          this.submission.reject(problem);
          this.clearInput();
          return;
        }
        this.send(file);
      },
      // Without the rules, let the server decide.
      error: () => this.send(file),
    });
  }

  private send(file: File): void {
    if (this.submission.blocked()) return;
    this.action.set('upload');
    this.percent.set(0);
    this.fileName.set(file.name);
    const replaced = this.replacing();
    this.submission.run(this.uploads.upload(this.taskId(), this.request().id, file), {
      next: (event) => {
        if (event.kind === 'progress') {
          this.percent.set(event.percent);
          return;
        }
        this.percent.set(100);
        this.clearInput();
        this.uploaded.emit(event.document);
        if (replaced) {
          this.replaceDone(replaced, event.document);
          return;
        }
        this.note.set(`${event.document.filename} was uploaded.`);
        // The next chosen file, once this upload's busy state has ended.
        queueMicrotask(() => this.sendNext());
      },
      failed: () => {
        this.queue = [];
        this.clearInput();
      },
    });
  }

  /** The new file is stored: the old one goes (until then the request kept both). */
  private replaceDone(old: DocumentView, added: DocumentView): void {
    queueMicrotask(() => {
      this.action.set('remove');
      this.submission.run(this.tasks.removeDocument(this.taskId(), old.id), {
        next: () => this.afterRemove(old, `${old.filename} was replaced by ${added.filename}.`),
        failed: () => this.replacing.set(null),
      });
    });
  }

  private afterRemove(doc: DocumentView, message: string): void {
    this.replacing.set(null);
    this.note.set(message);
    this.removed.emit(doc.id);
  }

  private clearInput(): void {
    const el = this.fileInput()?.nativeElement;
    if (el) el.value = '';
  }
}
