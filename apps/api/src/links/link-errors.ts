import { ForbiddenException, GoneException, NotFoundException } from '@nestjs/common';

export const linkUnknown = (): NotFoundException =>
  new NotFoundException({
    error: 'link_unknown',
    message: "We can't find this link. Check that you opened the whole link from your e-mail.",
  });

export const linkExpired = (): GoneException =>
  new GoneException({
    error: 'link_expired',
    message: 'This link has expired. You can ask for a new link by e-mail, or log in.',
  });

/** Staff withdrew the link's dispatch: no self-service way back, only the firm can help. */
export const linkWithdrawn = (firmName: string): ForbiddenException =>
  new ForbiddenException({
    error: 'link_withdrawn',
    message: `${firmName} has withdrawn this link. Please contact them for access.`,
  });

export const linkDeclined = (): ForbiddenException =>
  new ForbiddenException({
    error: 'link_declined',
    message:
      'This link has already been used on another device. You can ask for a new link by e-mail.',
  });

/** The words the link page shows in a browser that did not ask for the access link (issue 14). */
export const OTHER_DEVICE_MESSAGE =
  'Open this link on the device where you asked for it, or type the code from the e-mail there.';

/** An access link opened in a browser that did not ask for it: nothing changed. */
export const linkOtherDevice = (): ForbiddenException =>
  new ForbiddenException({ error: 'link_other_device', message: OTHER_DEVICE_MESSAGE });
