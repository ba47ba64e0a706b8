import { Global, Module } from '@nestjs/common';
import { BillingMandatesController } from './api/billing-mandates.controller';
import { HabilitationsController } from './api/habilitations.controller';
import { DecideMandate, MandateViews, ReadMandates, SubscribeMandate } from './application/billing-mandates.use-cases';
import { DecideMembershipRequest, ExportApprovals, ListApprovals, RequestMembership } from './application/membership-requests.use-cases';
import { AttachMember, DetachMember, ExportMembers, ListMembers, ListMyMemberships, TransferPrincipalManager, UpdateMemberGrants } from './application/members.use-cases';
import { Authorization, MembershipRegistry } from './contracts/authorization';
import { BillingMandatesSeed } from './infrastructure/billing-mandates.seed';
import { MembershipAuthorization } from './infrastructure/membership-authorization';
import { MembershipLists } from './infrastructure/membership-lists';
import { MikroMembershipRegistry } from './infrastructure/membership-registry';
import { MembershipCache } from './infrastructure/membership-cache';
import { NotifyMandateChange } from './jobs/billing-mandate-mail.handlers';
import { HABILITATIONS_MAIL_HANDLERS } from './jobs/habilitations-mail.handlers';

/** Memberships, requests and approvals, grants, billing mandates, and THE authorization check (Authorization). */
@Global()
@Module({
  controllers: [HabilitationsController, BillingMandatesController],
  providers: [
    MembershipCache,
    RequestMembership,
    ListApprovals,
    ExportApprovals,
    DecideMembershipRequest,
    AttachMember,
    DetachMember,
    UpdateMemberGrants,
    ListMembers,
    ExportMembers,
    ListMyMemberships,
    TransferPrincipalManager,
    MembershipLists,
    MandateViews,
    SubscribeMandate,
    DecideMandate,
    ReadMandates,
    ...HABILITATIONS_MAIL_HANDLERS,
    NotifyMandateChange,
    BillingMandatesSeed,
    { provide: Authorization, useClass: MembershipAuthorization },
    { provide: MembershipRegistry, useClass: MikroMembershipRegistry },
  ],
  exports: [Authorization, MembershipRegistry],
})
export class HabilitationsModule {}
