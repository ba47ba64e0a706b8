import { FileReferences } from './file-references';

describe('FileReferences', () => {
  it('lists each registered column once', () => {
    const references = new FileReferences();
    references.register('support_ticket_file', 'store_key');
    references.register('support_ticket_file', 'store_key');
    references.register('invoice_file', 'stored_file_id');
    expect(references.list()).toEqual([
      { table: 'support_ticket_file', column: 'store_key' },
      { table: 'invoice_file', column: 'stored_file_id' },
    ]);
  });

  it('refuses anything but a plain SQL identifier (the names go into the sweep’s statement)', () => {
    const references = new FileReferences();
    expect(() => references.register('stored_file; drop table x', 'store_key')).toThrow(/not an SQL identifier/);
    expect(() => references.register('stored_file', 'Store"Key')).toThrow(/not an SQL identifier/);
    expect(references.list()).toEqual([]);
  });
});
