import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/configuration.js';
import { APP_CONFIG } from '../common/config.provider.js';
import { buildDataSourceOptions } from './database.options.js';
import { Prepared } from './prepared.js';
import { bindIntegerParameters } from './sqlite-parameters.js';
import { Transactions } from './transactions.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => buildDataSourceOptions(config),
      dataSourceFactory: async (options) => bindIntegerParameters(new DataSource(options!)).initialize(),
    }),
  ],
  providers: [Transactions, Prepared],
  exports: [Transactions, Prepared],
})
export class DatabaseModule {}
