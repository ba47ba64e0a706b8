import { Global, Module } from '@nestjs/common';
import { HabilitationsController } from './api/habilitations.controller';
import { DecideMembershipRequest, ListApprovals, RequestMembership } from './application/membership-requests.use-cases';
import { AttachMember, DetachMember, ListMembers, ListMyMemberships, TransferPrincipalManager, UpdateMemberGrants } from './application/members.use-cases';
import { Authorization, MembershipRegistry } from './contracts/authorization';
import { MembershipAuthorization } from './infrastructure/membership-authorization';
import { MikroMembershipRegistry } from './infrastructure/membership-registry';
import { HABILITATIONS_MAIL_HANDLERS } from './jobs/habilitations-mail.handlers';

/** Memberships, requests and approvals, grants, and THE authorization check (Authorization). */
@Global()
@Module({
  controllers: [HabilitationsController],
  providers: [
    RequestMembership,
    ListApprovals,
    DecideMembershipRequest,
    AttachMember,
    DetachMember,
    UpdateMemberGrants,
    ListMembers,
    ListMyMemberships,
    TransferPrincipalManager,
    ...HABILITATIONS_MAIL_HANDLERS,
    { provide: Authorization, useClass: MembershipAuthorization },
    { provide: MembershipRegistry, useClass: MikroMembershipRegistry },
  ],
  exports: [Authorization, MembershipRegistry],
})
export class HabilitationsModule {}
