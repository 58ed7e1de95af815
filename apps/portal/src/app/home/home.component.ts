import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'cp-home',
  imports: [RouterLink],
  template: `
    <article class="card">
      <h1>Welcome to Client Portal</h1>
      <p>Open the link in the e-mail from your firm to see your tasks.</p>
      <p class="muted">
        Each link works once: the browser that opens it becomes your trusted device, and your tasks
        open there.
      </p>
      <p>
        <a routerLink="/tasks" data-testid="home-tasks-link"
          >I've already opened my link on this device</a
        >
      </p>
    </article>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HomeComponent {}
