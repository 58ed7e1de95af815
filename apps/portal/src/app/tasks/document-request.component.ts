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
import { TasksService } from './tasks.service';
import { checkFile, formatSize, UploadService } from './upload.service';

/**
 * A document request: choose a file (checked for size and type before it is sent), watch it
 * upload, download copies, and mark the request complete once at least one file is there.
 */
@Component({
  selector: 'cp-document-request',
  template: `
    @let req = request();
    @if (documents().length > 0) {
      <ul class="files" data-testid="document-list" aria-label="Files you sent">
        @for (doc of documents(); track doc.id) {
          <li data-testid="document-item">
            <a [href]="downloadUrl(doc)" download data-testid="document-download">{{
              doc.filename
            }}</a>
            <span class="muted">{{ size(doc.size) }}</span>
          </li>
        }
      </ul>
    }
    @if (req.status === 'done') {
      <p class="answer">You marked this request complete.</p>
    } @else if (!editable()) {
      <p class="muted">This task is closed; no more files can be sent.</p>
    } @else {
      <label class="field-label" [for]="'file-' + req.id">Add a file</label>
      <input
        #fileInput
        class="file-input"
        type="file"
        [id]="'file-' + req.id"
        data-testid="file-input"
        [attr.accept]="accept()"
        [attr.aria-describedby]="'file-help-' + req.id + ' file-status-' + req.id"
        [disabled]="submission.busy()"
        (change)="chosen($event)"
      />
      <p class="muted" [id]="'file-help-' + req.id">{{ help() }}</p>
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
      <div class="actions">
        <button
          type="button"
          class="button button-primary"
          data-testid="complete-documents"
          [disabled]="submission.blocked() || documents().length === 0"
          (click)="complete()"
        >
          Mark as complete
        </button>
      </div>
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

  private readonly tasks = inject(TasksService);
  private readonly uploads = inject(UploadService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly fileInput = viewChild<ElementRef<HTMLInputElement>>('fileInput');

  /** One write at a time: an upload, or marking the request complete. */
  protected readonly submission = createFormSubmit();
  private readonly action = signal<'upload' | 'complete' | null>(null);
  protected readonly uploading = computed(
    () => this.submission.busy() && this.action() === 'upload',
  );
  protected readonly percent = signal(0);
  protected readonly fileName = signal('');
  protected readonly note = signal<string | null>(null);
  protected readonly accept = signal<string | null>(null);
  protected readonly maxSize = signal<string | null>(null);
  protected readonly size = formatSize;
  protected readonly help = computed(() => {
    const max = this.maxSize();
    return `PDF, images (JPEG, PNG, HEIC) or office documents${max ? `, up to ${max} each` : ''}.`;
  });

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

  protected chosen(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.submission.clear();
    this.note.set(null);
    this.tasks.uploadRules().subscribe({
      next: (rules) => {
        const problem = checkFile(file, rules);
        if (problem) {
          this.submission.reject(problem);
          input.value = '';
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
    this.submission.run(this.uploads.upload(this.taskId(), this.request().id, file), {
      next: (event) => {
        if (event.kind === 'progress') {
          this.percent.set(event.percent);
          return;
        }
        this.percent.set(100);
        this.note.set(`${event.document.filename} was uploaded.`);
        this.clearInput();
        this.uploaded.emit(event.document);
      },
      failed: () => this.clearInput(),
    });
  }

  protected complete(): void {
    if (this.submission.blocked()) return;
    this.action.set('complete');
    this.submission.run(this.tasks.submit(this.taskId(), this.request().id, {}), {
      next: (task) => this.updated.emit(task),
    });
  }

  private clearInput(): void {
    const el = this.fileInput()?.nativeElement;
    if (el) el.value = '';
  }
}
