/**
 * Task definition files, `Windows\System32\Tasks\<path>` (UTF-16LE XML in the Task Scheduler schema, MS-TSCH §2.5):
 * RegistrationInfo (Author, Description, URI, Date, Source), Principals, and the Actions element with Exec
 * (Command, Arguments, WorkingDirectory), ComHandler (ClassId, Data), SendEmail and ShowMessage actions. The file
 * is data of the machine: the caller bounds its size and gives its path for the anomalies.
 */
import type { Anomaly } from '../view/anomaly.js';
import type { TaskAction } from './task-actions.js';
import { child, childText, childrenNamed, decodeXmlBytes, parseXml, type XmlElement } from './xml.js';

export interface TaskPrincipal {
  readonly id?: string;
  readonly userId?: string;
  readonly groupId?: string;
  readonly logonType?: string;
  readonly runLevel?: string;
}

export interface TaskXml {
  readonly author?: string;
  readonly description?: string;
  readonly uri?: string;
  readonly date?: string;
  readonly source?: string;
  /** The Actions element's Context attribute: the principal id the actions run as. */
  readonly context?: string;
  readonly principals: TaskPrincipal[];
  readonly actions: TaskAction[];
  /** Names of the trigger elements (`TimeTrigger`, `BootTrigger`, …) in order. */
  readonly triggers: string[];
  readonly hidden?: boolean;
  readonly enabled?: boolean;
}

export interface TaskXmlResult {
  /** Null when the bytes hold no `Task` element. */
  readonly task: TaskXml | null;
  readonly anomalies: Anomaly[];
}

/** Parses a task file's bytes. `name` (its path) goes into anomaly messages; nothing throws. */
export function parseTaskXml(bytes: Uint8Array, name = 'task file'): TaskXmlResult {
  const { root, problems } = parseXml(decodeXmlBytes(bytes));
  const anomalies: Anomaly[] = problems.map((p) => ({
    code: 'task-xml-invalid',
    severity: 'warning',
    structure: 'task-xml',
    message: `${name}: ${p.message} (at character ${p.position})`,
  }));
  if (!root || root.name !== 'Task') {
    anomalies.push({ code: 'task-xml-not-a-task', severity: 'warning', structure: 'task-xml', message: `${name}: no <Task> root element` });
    return { task: null, anomalies };
  }
  const reg = child(root, 'RegistrationInfo');
  const acts = child(root, 'Actions');
  const settings = child(root, 'Settings');
  const bool = (s: string | undefined) => (s === undefined ? undefined : s === 'true' || s === '1');
  const opt = <T,>(k: string, v: T | undefined) => (v === undefined ? {} : { [k]: v });
  const task: TaskXml = {
    ...opt('author', childText(reg, 'Author')),
    ...opt('description', childText(reg, 'Description')),
    ...opt('uri', childText(reg, 'URI')),
    ...opt('date', childText(reg, 'Date')),
    ...opt('source', childText(reg, 'Source')),
    ...opt('context', acts?.attributes.Context),
    principals: childrenNamed(child(root, 'Principals'), 'Principal').map((p) => ({
      ...opt('id', p.attributes.id),
      ...opt('userId', childText(p, 'UserId')),
      ...opt('groupId', childText(p, 'GroupId')),
      ...opt('logonType', childText(p, 'LogonType')),
      ...opt('runLevel', childText(p, 'RunLevel')),
    })),
    actions: (acts?.children ?? []).map(action).filter((a): a is TaskAction => a !== null),
    triggers: (child(root, 'Triggers')?.children ?? []).map((t) => t.name),
    ...opt('hidden', bool(childText(settings, 'Hidden'))),
    ...opt('enabled', bool(childText(settings, 'Enabled'))),
  };
  return { task, anomalies };
}

function action(el: XmlElement): TaskAction | null {
  const t = (n: string) => childText(el, n) ?? '';
  const id = el.attributes.id ?? '';
  switch (el.name) {
    case 'Exec':
      return { kind: 'exec', id, command: t('Command'), arguments: t('Arguments'), workingDirectory: t('WorkingDirectory') };
    case 'ComHandler':
      return { kind: 'com', id, clsid: t('ClassId'), data: t('Data') };
    case 'ShowMessage':
      return { kind: 'message', id, caption: t('Title'), content: t('Body') };
    case 'SendEmail':
      return {
        kind: 'email',
        id,
        from: t('From'),
        to: t('To'),
        cc: t('Cc'),
        bcc: t('Bcc'),
        replyTo: t('ReplyTo'),
        server: t('Server'),
        subject: t('Subject'),
        body: t('Body'),
        attachments: childrenNamed(child(el, 'Attachments'), 'File').map((f) => f.text.trim()),
        headers: childrenNamed(child(el, 'HeaderFields'), 'HeaderField').map((h) => ({ name: childText(h, 'Name') ?? '', value: childText(h, 'Value') ?? '' })),
      };
    default:
      return null;
  }
}
