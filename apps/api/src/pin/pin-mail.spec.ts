import { renderMail } from '../mail/mail-templates';
import { newPin } from './pin.service';

describe('PIN dispatch mail and PINs', () => {
  const data = {
    clientName: 'Lee',
    firmName: 'Marks & Co',
    taskCount: 1,
    tasks: [{ title: 'Renewal <b>x</b>', reference: 'T-4K7M2Q' }],
    pin: '04817263',
    pinUrl: 'https://portal.example.com/pin',
  };

  it('carries the task reference, the PIN and the PIN page, in text and html', () => {
    const mail = renderMail('dispatch-pin', data);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('T-4K7M2Q');
      expect(part).toContain('04817263');
      expect(part).toContain('https://portal.example.com/pin');
    }
    expect(mail.html).not.toContain('<b>x</b>');
    expect(mail.subject).toBe('Marks & Co: you have 1 task to complete (PIN inside)');
  });

  it('refuses to render without the PIN rather than mailing a blank', () => {
    const { pin: _pin, ...rest } = data;
    expect(() => renderMail('dispatch-pin', rest)).toThrow(/pin/);
  });

  it('makes random PINs of 8 digits, leading zeros kept', () => {
    const pins = Array.from({ length: 500 }, () => newPin());
    for (const pin of pins) expect(pin).toMatch(/^\d{8}$/);
    expect(new Set(pins).size).toBeGreaterThan(495);
  });
});
