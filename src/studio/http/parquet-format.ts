/**
 * The IANA media type of Apache Parquet (registered 2024).
 * @example
 * fetch(`${url}/api/v1/export?range=7d`, { headers: { accept: PARQUET_MEDIA_TYPE } })
 */
export const PARQUET_MEDIA_TYPE = 'application/vnd.apache.parquet';

/**
 * Rows per row group. Big enough that readers get long runs to compress and skip by statistics,
 * small enough that one group's columns and bytes (a few MB) are all the writer holds at once.
 * @example
 * new ReadingsParquetWriter(sink, { rowGroupRows: PARQUET_ROW_GROUP_ROWS })
 */
export const PARQUET_ROW_GROUP_ROWS = 65_536;
