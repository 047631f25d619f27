/**
 * The ceiling for bench/associations (issue 5, row a): a bare NestJS + fastify endpoint that validates the same body
 * as the labeled PUT (an array of AssociationSpec, class-validator) and does one SQLite insert per request, on a
 * database opened exactly like the event store's (WAL, synchronous = NORMAL). No auth, no logging, no domain.
 *
 * Run as a child process by run.ts: `PORT=… SQLITE_PATH=… ts-node bench/associations/baseline-app.ts`.
 */
import 'reflect-metadata';
import { BadRequestException, Body, Controller, HttpCode, Module, Param, Put } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Type, plainToInstance } from 'class-transformer';
import { IsArray, IsIn, IsInt, Min, ValidateNested, validateSync } from 'class-validator';
import { openSqliteDatabase } from '../../libs/event-store/src/sqlite-database';

class SpecDto {
  @IsIn(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED'])
  associationCategory!: string;

  @IsInt()
  @Min(1)
  associationTypeId!: number;
}

class SpecsDto {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SpecDto)
  items!: SpecDto[];
}

const db = openSqliteDatabase(process.env.SQLITE_PATH ?? ':memory:');
db.exec('CREATE TABLE IF NOT EXISTS pairs (id INTEGER PRIMARY KEY, from_id TEXT, to_id TEXT, body TEXT)');
const insert = db.prepare('INSERT INTO pairs (from_id, to_id, body) VALUES (?, ?, ?)');

@Controller()
class PairsController {
  @Put('crm/v4/objects/:fromType/:fromId/associations/:toType/:toId')
  @HttpCode(201)
  put(@Param('fromId') fromId: string, @Param('toId') toId: string, @Body() body: unknown) {
    // The body is a bare array (as HubSpot's), so the DTO wraps it; validated with class-validator like any DTO.
    const specs = plainToInstance(SpecsDto, { items: body });
    const errors = validateSync(specs, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw new BadRequestException(errors.map((e) => e.toString()).join('; '));
    const { lastInsertRowid } = insert.run(fromId, toId, JSON.stringify(specs.items));
    return { id: String(lastInsertRowid), fromId, toId, labels: [] };
  }
}

@Module({ controllers: [PairsController] })
class BaselineModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(BaselineModule, new FastifyAdapter(), { logger: false });
  await app.listen({ port: Number(process.env.PORT ?? 4800), host: '127.0.0.1' });
}

void main();
