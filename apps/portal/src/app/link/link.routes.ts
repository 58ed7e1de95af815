import { type Routes } from '@angular/router';
import { captureLinkToken } from './capture-link-token.guard';
import { LinkLandingComponent } from './link-landing.component';

export const LINK_ROUTES: Routes = [
  { path: '', title: 'Your link - Client Portal', component: LinkLandingComponent },
  { path: ':token', canActivate: [captureLinkToken], children: [] },
];
