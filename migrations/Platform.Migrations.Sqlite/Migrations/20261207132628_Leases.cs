using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Leases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LeaseExpiresAt",
                table: "ModelVersions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LeaseExpiresAt",
                table: "IngestionItems",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_OneTraining",
                table: "ModelVersions",
                column: "Status",
                unique: true,
                filter: "\"Status\" = 'Training'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ModelVersions_OneTraining",
                table: "ModelVersions");

            migrationBuilder.DropColumn(
                name: "LeaseExpiresAt",
                table: "ModelVersions");

            migrationBuilder.DropColumn(
                name: "LeaseExpiresAt",
                table: "IngestionItems");
        }
    }
}
