import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** GET /ack/{token}.csaf.json: the parts of a CSAF 2.0 document (OASIS CSAF v2.0) that a notice fills. */

const TIME = { type: String, format: 'date-time' } as const;

export class CsafNoteView {
  @ApiProperty({ enum: ['summary', 'details', 'general'], description: 'summary: what happened; details: one fact of the notice; general: changes, contact point, what is still pending' }) category: string;
  @ApiProperty({ description: 'the fact’s name in the notice’s language' }) title: string;
  @ApiProperty({ description: 'the fact as the notice states it; `not yet known` in the notice’s language where pending' }) text: string;
}

export class CsafReferenceView {
  @ApiProperty({ enum: ['external', 'self'], description: 'external: the acknowledgement page; self: this document' }) category: string;
  @ApiProperty() summary: string;
  @ApiProperty({ format: 'uri' }) url: string;
}

export class CsafRevisionView {
  @ApiProperty({ ...TIME, description: 'when that version was issued to the tenant (else when it went out)' }) date: string;
  @ApiProperty({ example: '1', description: 'the incident version' }) number: string;
  @ApiProperty({ description: 'its phase and change summary, in the notice’s language' }) summary: string;
}

export class CsafEngineView {
  @ApiProperty({ example: 'breachcast' }) name: string;
}

export class CsafGeneratorView {
  @ApiProperty({ type: CsafEngineView }) engine: CsafEngineView;
}

export class CsafTrackingView {
  @ApiProperty({ example: 'INC-2023-0419+poznan-city', description: 'the incident reference and the tenant’s external id: one per tenant and incident, the same for every version' }) id: string;
  @ApiProperty({ enum: ['interim', 'final'], description: 'final for the vendor’s final version, a closed incident or a withdrawal; interim while more may come' }) status: string;
  @ApiProperty({ example: '2', description: 'the incident version' }) version: string;
  @ApiProperty(TIME) initial_release_date: string;
  @ApiProperty(TIME) current_release_date: string;
  @ApiProperty({ type: [CsafRevisionView], description: 'one entry per version of the incident up to this one' }) revision_history: CsafRevisionView[];
  @ApiProperty({ type: CsafGeneratorView }) generator: CsafGeneratorView;
}

export class CsafPublisherView {
  @ApiProperty({ enum: ['vendor'] }) category: string;
  @ApiProperty({ description: 'VENDOR_LEGAL_NAME, else VENDOR_NAME' }) name: string;
  @ApiProperty({ format: 'uri', description: 'PUBLIC_BASE_URL' }) namespace: string;
  @ApiPropertyOptional({ description: 'VENDOR_ADDRESS, VENDOR_REGISTRATION and the contact point’s email and phone' }) contact_details?: string;
}

export class CsafTlpView {
  @ApiProperty({ enum: ['AMBER'] }) label: string;
  @ApiProperty({ format: 'uri', example: 'https://www.first.org/tlp/' }) url: string;
}

export class CsafDistributionView {
  @ApiProperty({ description: 'the TLP:AMBER sharing rule, in the notice’s language' }) text: string;
  @ApiProperty({ type: CsafTlpView }) tlp: CsafTlpView;
}

export class CsafDocumentMetaView {
  @ApiProperty({ enum: ['csaf_security_incident_response'] }) category: string;
  @ApiProperty({ enum: ['2.0'] }) csaf_version: string;
  @ApiProperty({ enum: ['en', 'pl', 'nl', 'fr', 'es', 'de'], description: 'the notice’s language' }) lang: string;
  @ApiProperty({ example: 'INC-2023-0419: Unauthorised access to the SMS archive' }) title: string;
  @ApiProperty({ type: CsafPublisherView }) publisher: CsafPublisherView;
  @ApiProperty({ type: CsafDistributionView }) distribution: CsafDistributionView;
  @ApiProperty({ type: [CsafNoteView] }) notes: CsafNoteView[];
  @ApiProperty({ type: [CsafReferenceView] }) references: CsafReferenceView[];
  @ApiProperty({ type: CsafTrackingView }) tracking: CsafTrackingView;
}

export class CsafDocumentView {
  @ApiProperty({ type: CsafDocumentMetaView }) document: CsafDocumentMetaView;
}
