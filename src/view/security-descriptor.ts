/** Decoded self-relative SECURITY_DESCRIPTOR (MS-DTYP 2.4.6), as stored in an sk cell. */
export interface SecurityDescriptor {
  readonly revision: number;
  /** SECURITY_DESCRIPTOR_CONTROL bits (SE_DACL_PRESENT 0x4, SE_SACL_PRESENT 0x10, SE_DACL_PROTECTED 0x1000, SE_SELF_RELATIVE 0x8000). */
  readonly control: number;
  readonly owner: string | null;
  readonly group: string | null;
  /** null: no DACL present; `nullDacl` true: DACL present with offset 0 (everyone has full access). */
  readonly dacl: Acl | null;
  readonly sacl: Acl | null;
  readonly nullDacl: boolean;
}

export interface Acl {
  readonly revision: number;
  readonly aces: Ace[];
}

export interface Ace {
  /** ACE type: 0 ACCESS_ALLOWED, 1 ACCESS_DENIED, 2 SYSTEM_AUDIT, 5–8 object ACEs, others kept raw. */
  readonly type: number;
  readonly typeName: string;
  /** ACE flags: 0x1 OBJECT_INHERIT, 0x2 CONTAINER_INHERIT, 0x4 NO_PROPAGATE, 0x8 INHERIT_ONLY, 0x10 INHERITED. */
  readonly flags: number;
  readonly mask: number;
  readonly sid: string | null;
}

/** Registry access-mask bits (winnt.h). */
export const KEY_QUERY_VALUE = 0x0001;
export const KEY_SET_VALUE = 0x0002;
export const KEY_CREATE_SUB_KEY = 0x0004;
export const KEY_ENUMERATE_SUB_KEYS = 0x0008;
export const KEY_NOTIFY = 0x0010;
export const KEY_CREATE_LINK = 0x0020;
export const DELETE = 0x0001_0000;
export const READ_CONTROL = 0x0002_0000;
export const WRITE_DAC = 0x0004_0000;
export const WRITE_OWNER = 0x0008_0000;
export const GENERIC_ALL = 0x1000_0000;
export const GENERIC_WRITE = 0x4000_0000;
export const KEY_READ = 0x0002_0019;
export const KEY_WRITE = 0x0002_0006;
export const KEY_ALL_ACCESS = 0x000f_003f;
