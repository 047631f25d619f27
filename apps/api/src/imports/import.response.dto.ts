import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ImportState } from '@app/domain/imports';

export class ImportOptionsDto {
  @ApiProperty({ example: 'email', description: '`id` or the unique property naming from records' })
  fromKey!: string;
  @ApiProperty({ example: 'domain' })
  toKey!: string;
  @ApiProperty({ enum: ['set', 'add'] })
  mode!: 'set' | 'add';
  @ApiProperty()
  createMissing!: boolean;
}

/** An import job: its options, where it stands and its counts. */
export class ImportStatusDto {
  @ApiProperty()
  id!: string;
  @ApiProperty({ enum: ['RUNNING', 'COMPLETED'] })
  state!: 'RUNNING' | 'COMPLETED';
  @ApiProperty({ example: '0-1' })
  fromObjectTypeId!: string;
  @ApiProperty({ example: '0-2' })
  toObjectTypeId!: string;
  @ApiProperty({ type: ImportOptionsDto })
  options!: ImportOptionsDto;
  @ApiProperty()
  fileName!: string;
  @ApiProperty({ description: 'Data rows in the file' })
  totalRows!: number;
  @ApiProperty({ description: 'Rows decided so far (applied or rejected)' })
  processedRows!: number;
  @ApiProperty()
  appliedRows!: number;
  @ApiProperty()
  rejectedRows!: number;
  @ApiProperty({ description: 'The last line of the file a checkpoint covers (1 is the header)' })
  lastLine!: number;
  @ApiProperty()
  startedBy!: string;
  @ApiProperty()
  startedAt!: string;
  @ApiPropertyOptional()
  completedAt?: string;
  @ApiPropertyOptional({ description: 'When its rejected rows were erased (`GET …/errors` answers 410 since)' })
  errorsErasedAt?: string;
  @ApiProperty({ example: { errors: '/api/v1/imports/abc/errors' } })
  links!: Record<string, string>;
}

export function importStatus(state: Exclude<ImportState, { status: 'NotStarted' }>): ImportStatusDto {
  const { spec } = state;
  return {
    id: state.importId,
    state: state.status === 'Completed' ? 'COMPLETED' : 'RUNNING',
    fromObjectTypeId: spec.fromObjectTypeId,
    toObjectTypeId: spec.toObjectTypeId,
    options: { fromKey: spec.fromKey, toKey: spec.toKey, mode: spec.mode, createMissing: spec.createMissing },
    fileName: spec.fileName,
    totalRows: spec.totalRows,
    processedRows: state.rows,
    appliedRows: state.applied,
    rejectedRows: state.rejected,
    lastLine: state.lastLine,
    startedBy: state.startedBy,
    startedAt: state.startedAt,
    ...(state.status === 'Completed' ? { completedAt: state.completedAt } : {}),
    ...(state.errorsErasedAt !== undefined ? { errorsErasedAt: state.errorsErasedAt } : {}),
    links: { errors: `/api/v1/imports/${state.importId}/errors` },
  };
}
