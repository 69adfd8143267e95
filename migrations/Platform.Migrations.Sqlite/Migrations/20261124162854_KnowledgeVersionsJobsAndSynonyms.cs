using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class KnowledgeVersionsJobsAndSynonyms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Synonyms",
                table: "KnowledgeBases",
                type: "TEXT",
                maxLength: 100000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAt",
                table: "KnowledgeBases",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "KnowledgeBases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Documents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ChunkEmbeddings",
                columns: table => new
                {
                    ChunkId = table.Column<long>(type: "INTEGER", nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Vector = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChunkEmbeddings", x => x.ChunkId);
                    table.ForeignKey(
                        name: "FK_ChunkEmbeddings_Chunks_ChunkId",
                        column: x => x.ChunkId,
                        principalTable: "Chunks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DocumentRevisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    KnowledgeBaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    AddedInVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    RemovedInVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DocumentRevisions_KnowledgeBases_KnowledgeBaseId",
                        column: x => x.KnowledgeBaseId,
                        principalTable: "KnowledgeBases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IngestionJobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    KnowledgeBaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IngestionJobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IngestionJobs_KnowledgeBases_KnowledgeBaseId",
                        column: x => x.KnowledgeBaseId,
                        principalTable: "KnowledgeBases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IngestionItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JobId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: true),
                    IsDelete = table.Column<bool>(type: "INTEGER", nullable: false),
                    Force = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Chunks = table.Column<int>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IngestionItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IngestionItems_IngestionJobs_JobId",
                        column: x => x.JobId,
                        principalTable: "IngestionJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DocumentRevisions_KnowledgeBaseId_Source_AddedInVersion",
                table: "DocumentRevisions",
                columns: new[] { "KnowledgeBaseId", "Source", "AddedInVersion" });

            migrationBuilder.CreateIndex(
                name: "IX_IngestionItems_JobId_Ordinal",
                table: "IngestionItems",
                columns: new[] { "JobId", "Ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IngestionItems_Status",
                table: "IngestionItems",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_IngestionJobs_KnowledgeBaseId_CreatedAt",
                table: "IngestionJobs",
                columns: new[] { "KnowledgeBaseId", "CreatedAt" });

            // The full-text index becomes two contentless FTS5 tables: the whole passage (title, heading path, text,
            // weighted 2/4/1 by its rank), and the heading path alone. The second exists because FTS5's bm25
            // normalises by the length of the whole row, so a question matched in a short FAQ heading counts for
            // little beside a long answer; adding the heading's own BM25 score (a query-to-question match) lifts
            // covidfaq-dev recall@5 from 0.72 to 0.82 (docs/knowledge-bases.md). Contentless, because the platform
            // writes the searchable text itself, after mapping the knowledge base's synonyms onto their group's first
            // entry; contentless_delete keeps deletes by rowid possible, so a trigger removes a chunk's rows with it.
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Chunks_AfterInsert;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Chunks_AfterUpdate;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Chunks_AfterDelete;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS ChunksFts;");
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE ChunksFts USING fts5(
                    Title, HeadingPath, Text,
                    content='', contentless_delete=1,
                    tokenize='porter unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("INSERT INTO ChunksFts(ChunksFts, rank) VALUES ('rank', 'bm25(2.0, 4.0, 1.0)');");
            migrationBuilder.Sql("CREATE VIRTUAL TABLE ChunkHeadingsFts USING fts5(HeadingPath, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2');");
            migrationBuilder.Sql("""
                CREATE TRIGGER Chunks_AfterDelete AFTER DELETE ON Chunks BEGIN
                    DELETE FROM ChunksFts WHERE rowid = old.Id;
                    DELETE FROM ChunkHeadingsFts WHERE rowid = old.Id;
                END;
                """);

            // No knowledge base had synonyms before this version, so the index text is the chunk text.
            migrationBuilder.Sql("INSERT INTO ChunksFts(rowid, Title, HeadingPath, Text) SELECT Id, Title, HeadingPath, Text FROM Chunks;");
            migrationBuilder.Sql("INSERT INTO ChunkHeadingsFts(rowid, HeadingPath) SELECT Id, HeadingPath FROM Chunks;");
            migrationBuilder.Sql("UPDATE KnowledgeBases SET Version = 1, UpdatedAt = CreatedAt;");
            migrationBuilder.Sql("UPDATE Documents SET Version = 1;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to the external-content index kept by triggers (synonym mapping is lost with it).
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Chunks_AfterDelete;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS ChunksFts;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS ChunkHeadingsFts;");
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE ChunksFts USING fts5(
                    Title, HeadingPath, Text,
                    content='Chunks', content_rowid='Id',
                    tokenize='porter unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Chunks_AfterInsert AFTER INSERT ON Chunks BEGIN
                    INSERT INTO ChunksFts(rowid, Title, HeadingPath, Text) VALUES (new.Id, new.Title, new.HeadingPath, new.Text);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Chunks_AfterDelete AFTER DELETE ON Chunks BEGIN
                    INSERT INTO ChunksFts(ChunksFts, rowid, Title, HeadingPath, Text) VALUES ('delete', old.Id, old.Title, old.HeadingPath, old.Text);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Chunks_AfterUpdate AFTER UPDATE ON Chunks BEGIN
                    INSERT INTO ChunksFts(ChunksFts, rowid, Title, HeadingPath, Text) VALUES ('delete', old.Id, old.Title, old.HeadingPath, old.Text);
                    INSERT INTO ChunksFts(rowid, Title, HeadingPath, Text) VALUES (new.Id, new.Title, new.HeadingPath, new.Text);
                END;
                """);
            migrationBuilder.Sql("INSERT INTO ChunksFts(ChunksFts, rank) VALUES ('rank', 'bm25(2.0, 4.0, 1.0)');");
            migrationBuilder.Sql("INSERT INTO ChunksFts(ChunksFts) VALUES ('rebuild');");

            migrationBuilder.DropTable(
                name: "ChunkEmbeddings");

            migrationBuilder.DropTable(
                name: "DocumentRevisions");

            migrationBuilder.DropTable(
                name: "IngestionItems");

            migrationBuilder.DropTable(
                name: "IngestionJobs");

            migrationBuilder.DropColumn(
                name: "Synonyms",
                table: "KnowledgeBases");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "KnowledgeBases");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "KnowledgeBases");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Documents");
        }
    }
}
