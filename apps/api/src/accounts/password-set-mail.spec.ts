import { renderMail } from '../mail/mail-templates';

describe('password-set notice', () => {
  it('tells the client a login was created, with no credential in it', () => {
    const mail = renderMail('password-set', {
      clientName: 'Jane',
      firmName: 'Marks & Co',
      loginUrl: 'https://portal.example.com/account/login',
    });
    expect(mail.subject).toBe('Marks & Co: a login was created for you');
    expect(mail.text).toContain('https://portal.example.com/account/login');
    expect(mail.text).toMatch(/If this was not you/);
    expect(mail.text).not.toMatch(/\/l\/|PIN|password:/i);
  });
});
