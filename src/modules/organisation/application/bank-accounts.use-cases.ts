import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor } from '../../../shared/auth/actor';
import { DomainError } from '../../../shared/domain/domain-error';
import { Outbox } from '../../../shared/outbox/outbox';
import { Clock } from '../../../shared/time/clock';
import { Authorization } from '../../habilitations/contracts/authorization';
import { BankAccount, Factor } from '../domain/bank-account.entity';
import { BankDetailsFailure, ribToIban, validateBic, validateIbanAccount, validateRib } from '../domain/bank-details';
import { OrganisationErrors } from '../domain/organisation.errors';
import { Structure } from '../domain/structure.entity';
import { IncomingFile, OrganisationFiles } from '../infrastructure/organisation-files';
import { actorOf } from './structures.use-cases';
import { BankAccountView, toBankAccountView } from './views';

export const BANK_PROOF_MAX_BYTES = 10 * 1024 * 1024;

export interface BankAccountInput {
  name: string;
  accountType: 'IBAN' | 'RIB';
  country?: string;
  iban?: string;
  bic?: string;
  bankCode?: string;
  branchCode?: string;
  accountNumber?: string;
  ribKey?: string;
  factor?: Factor;
}

function invalid(failure: BankDetailsFailure): never {
  throw new DomainError(OrganisationErrors.BANK_DETAILS_INVALID, { reason: failure.message_fr, check: failure.reason }, failure.field);
}

@Injectable()
export class AddBankAccount {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly files: OrganisationFiles,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, structureId: string, input: BankAccountInput, file: IncomingFile | undefined): Promise<BankAccountView> {
    await this.authorization.require(actor, structureId, 'ORGANISATION', 'MODIFICATION', null);
    let iban: string;
    let bic: string | null = null;
    let rib: BankAccount['rib'] = null;
    let country: string;
    if (input.accountType === 'IBAN') {
      const checked = validateIbanAccount(input.iban ?? '', input.bic ?? '');
      if (!checked.ok) invalid(checked);
      ({ iban, bic, country } = checked);
    } else {
      const checked = validateRib(input.bankCode ?? '', input.branchCode ?? '', input.accountNumber ?? '', input.ribKey ?? '');
      if (!checked.ok) invalid(checked);
      const converted = ribToIban(checked.rib.bankCode, checked.rib.branchCode, checked.rib.accountNumber, checked.rib.key);
      if (!converted.ok) invalid(converted);
      iban = converted.iban;
      rib = checked.rib;
      country = 'FR';
      if (input.bic) {
        const b = validateBic(input.bic);
        if (!b.ok) invalid(b);
        bic = b.bic;
      }
    }
    if (!file) throw new DomainError(OrganisationErrors.FILE_REQUIRED, {}, 'file');
    return this.em.transactional(async (em) => {
      if (!(await em.count(Structure, { id: structureId }))) throw new DomainError(OrganisationErrors.STRUCTURE_NOT_FOUND);
      const stored = await this.files.store(em, file, { maxBytes: BANK_PROOF_MAX_BYTES, allowed: ['application/pdf', 'image/png', 'image/jpeg'] });
      const account = new BankAccount({ structureId, name: input.name.trim(), accountType: input.accountType, country: input.country ?? country, iban, supportingFileId: stored.id, now: this.clock.now() });
      account.bic = bic;
      account.rib = rib;
      account.factor = input.factor ?? null;
      em.persist(account);
      // The database assigns publicId (returned by the insert).
      await em.flush();
      this.outbox.record(em, 'organisation.bank-account-added', { structureId, bankAccountId: account.id }, actorOf(actor));
      return toBankAccountView(account, stored);
    });
  }
}

@Injectable()
export class ListBankAccounts {
  constructor(
    private readonly em: EntityManager,
    private readonly authorization: Authorization,
    private readonly files: OrganisationFiles,
  ) {}

  async execute(actor: Actor, structureId: string): Promise<BankAccountView[]> {
    await this.authorization.require(actor, structureId, 'ORGANISATION', 'CONSULTATION');
    const accounts = await this.em.find(BankAccount, { structureId }, { orderBy: { createdAt: 'asc' } });
    const files = await this.files.describe(this.em, accounts.map((a) => a.supportingFileId));
    return accounts.map((a) => toBankAccountView(a, files.get(a.supportingFileId)));
  }
}
