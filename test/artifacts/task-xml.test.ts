/** Task XML files (Windows\System32\Tasks\…): the task parser and the bounded XML reader under hostile input. */
import { describe, expect, it } from 'vitest';
import { parseTaskXml } from '../../src/artifacts/task-xml.js';
import { decodeXmlBytes, parseXml } from '../../src/artifacts/xml.js';

const RESET120 = `<?xml version="1.0" encoding="UTF-16"?>
<!-- written by schtasks -->
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Date>2024-01-10T06:00:00</Date>
    <Author>WIN-RDS\\admin &amp; co</Author>
    <URI>\\Reset120</URI>
  </RegistrationInfo>
  <Triggers><CalendarTrigger><StartBoundary>2024-01-10T06:00:00</StartBoundary></CalendarTrigger><BootTrigger/></Triggers>
  <Principals>
    <Principal id="Author"><UserId>S-1-5-18</UserId><RunLevel>HighestAvailable</RunLevel></Principal>
  </Principals>
  <Settings><Hidden>true</Hidden><Enabled>true</Enabled></Settings>
  <Actions Context="Author">
    <Exec>
      <Command>C:\\Windows\\Reset120.cmd</Command>
      <Arguments>/s &quot;C:\\Windows\\Reset120.reg&quot;</Arguments>
      <WorkingDirectory><![CDATA[C:\\Windows]]></WorkingDirectory>
    </Exec>
    <ComHandler><ClassId>{12345678-9ABC-DEF0-0123-456789ABCDEF}</ClassId><Data>&lt;x/&gt;</Data></ComHandler>
    <ShowMessage><Title>T</Title><Body>B&#x263A;</Body></ShowMessage>
  </Actions>
</Task>`;

function utf16leWithBom(s: string): Uint8Array {
  const out = new Uint8Array(2 + s.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < s.length; i++) {
    out[2 + i * 2] = s.charCodeAt(i) & 0xff;
    out[3 + i * 2] = s.charCodeAt(i) >> 8;
  }
  return out;
}

describe('task XML', () => {
  it('reads a UTF-16LE task file: registration info, principals, triggers, actions', () => {
    const r = parseTaskXml(utf16leWithBom(RESET120), 'Windows/System32/Tasks/Reset120');
    expect(r.anomalies).toEqual([]);
    expect(r.task).toEqual({
      author: 'WIN-RDS\\admin & co',
      uri: '\\Reset120',
      date: '2024-01-10T06:00:00',
      context: 'Author',
      principals: [{ id: 'Author', userId: 'S-1-5-18', runLevel: 'HighestAvailable' }],
      actions: [
        { kind: 'exec', id: '', command: 'C:\\Windows\\Reset120.cmd', arguments: '/s "C:\\Windows\\Reset120.reg"', workingDirectory: 'C:\\Windows' },
        { kind: 'com', id: '', clsid: '{12345678-9ABC-DEF0-0123-456789ABCDEF}', data: '<x/>' },
        { kind: 'message', id: '', caption: 'T', content: 'B☺' },
      ],
      triggers: ['CalendarTrigger', 'BootTrigger'],
      hidden: true,
      enabled: true,
    });
    // UTF-8 without BOM and UTF-16LE without BOM decode the same.
    expect(parseTaskXml(new TextEncoder().encode(RESET120)).task).toEqual(r.task);
    expect(decodeXmlBytes(utf16leWithBom(RESET120).subarray(2))).toBe(RESET120);
  });

  it('hostile XML: entity bombs are not expanded, depth and size are bounded, damage is reported', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Task><RegistrationInfo><Author>&lol2;</Author></RegistrationInfo></Task>`;
    const b = parseTaskXml(new TextEncoder().encode(bomb));
    expect(b.task?.author).toBe('&lol2;');
    const deep = '<Task>' + '<a>'.repeat(10_000) + '</a>'.repeat(10_000) + '</Task>';
    const d = parseXml(deep);
    expect(d.problems[0].message).toContain('deeper than 64');
    const wide = parseXml('<Task>' + '<a/>'.repeat(200_000) + '</Task>');
    expect(wide.problems[0].message).toContain('more than 100000 elements');
    expect(parseXml('x'.repeat(5 * 1024 * 1024)).problems[0].message).toContain('longer than');
    for (const bad of ['<Task><Actions><Exec><Command>a.exe', '<Task></Actions>', '<Task><!-- x', '<Task a="1', '', '\u0000\u0001', '<Other/>']) {
      const r = parseTaskXml(new TextEncoder().encode(bad), 'bad.xml');
      expect(r.anomalies.length, bad).toBeGreaterThan(0);
      expect(r.anomalies.every((a) => a.message.startsWith('bad.xml: '))).toBe(true);
    }
    // A truncated file keeps what was read before the cut.
    const cut = parseTaskXml(new TextEncoder().encode(RESET120.slice(0, RESET120.indexOf('</Exec>') + 7)));
    expect(cut.task?.actions.map((a) => a.kind)).toEqual(['exec']);
    // Attribute names that are Object.prototype members stay plain data.
    const proto = parseXml('<Task __proto__="x" constructor="y"/>');
    expect(proto.root?.attributes.__proto__).toBe('x');
    expect(Object.getPrototypeOf(proto.root?.attributes)).toBe(Object.prototype);
  });
});
