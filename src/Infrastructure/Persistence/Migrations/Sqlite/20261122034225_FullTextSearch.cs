using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FiveSocieties.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FullTextSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Needs_CreatedAt",
                table: "Needs");

            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "Volunteers",
                type: "TEXT",
                nullable: true,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "Organisations",
                type: "TEXT",
                nullable: true,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "Needs",
                type: "TEXT",
                nullable: true,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "UrgencyRank",
                table: "Needs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "MicroGrantProjects",
                type: "TEXT",
                nullable: true,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "Funds",
                type: "TEXT",
                nullable: true,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_Volunteers_CreatedAt_Id",
                table: "Volunteers",
                columns: new[] { "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Organisations_CreatedAt_Id",
                table: "Organisations",
                columns: new[] { "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Needs_CreatedAt_Id",
                table: "Needs",
                columns: new[] { "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Needs_UrgencyRank_CreatedAt_Id",
                table: "Needs",
                columns: new[] { "UrgencyRank", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_MicroGrantProjects_CreatedAt_Id",
                table: "MicroGrantProjects",
                columns: new[] { "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Funds_CreatedAt_Id",
                table: "Funds",
                columns: new[] { "CreatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Volunteers_CreatedAt_Id",
                table: "Volunteers");

            migrationBuilder.DropIndex(
                name: "IX_Organisations_CreatedAt_Id",
                table: "Organisations");

            migrationBuilder.DropIndex(
                name: "IX_Needs_CreatedAt_Id",
                table: "Needs");

            migrationBuilder.DropIndex(
                name: "IX_Needs_UrgencyRank_CreatedAt_Id",
                table: "Needs");

            migrationBuilder.DropIndex(
                name: "IX_MicroGrantProjects_CreatedAt_Id",
                table: "MicroGrantProjects");

            migrationBuilder.DropIndex(
                name: "IX_Funds_CreatedAt_Id",
                table: "Funds");

            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "Volunteers");

            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "Needs");

            migrationBuilder.DropColumn(
                name: "UrgencyRank",
                table: "Needs");

            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "MicroGrantProjects");

            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "Funds");

            migrationBuilder.CreateIndex(
                name: "IX_Needs_CreatedAt",
                table: "Needs",
                column: "CreatedAt");
        }
    }
}
