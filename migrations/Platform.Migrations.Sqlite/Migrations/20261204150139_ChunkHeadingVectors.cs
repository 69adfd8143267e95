using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ChunkHeadingVectors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_ChunkEmbeddings",
                table: "ChunkEmbeddings");

            migrationBuilder.AddPrimaryKey(
                name: "PK_ChunkEmbeddings",
                table: "ChunkEmbeddings",
                columns: new[] { "ChunkId", "Model" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_ChunkEmbeddings",
                table: "ChunkEmbeddings");

            migrationBuilder.AddPrimaryKey(
                name: "PK_ChunkEmbeddings",
                table: "ChunkEmbeddings",
                column: "ChunkId");
        }
    }
}
