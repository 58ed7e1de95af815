import { type Routes } from '@angular/router';

export const TASKS_ROUTES: Routes = [
  {
    path: '',
    title: 'Your tasks - Client Portal',
    loadComponent: () => import('./task-list.component').then((m) => m.TaskListComponent),
  },
  {
    path: ':id',
    title: 'Task - Client Portal',
    loadComponent: () => import('./task-detail.component').then((m) => m.TaskDetailComponent),
  },
];
