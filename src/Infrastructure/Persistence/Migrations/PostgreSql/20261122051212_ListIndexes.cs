using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FiveSocieties.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Needs_Status_Id",
                table: "Needs");

            migrationBuilder.DropIndex(
                name: "IX_Needs_VillageCode",
                table: "Needs");

            migrationBuilder.AddColumn<int>(
                name: "QueryVersion",
                table: "Volunteers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "QueryVersion",
                table: "Organisations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "CountyCode",
                table: "Needs",
                type: "character varying(12)",
                maxLength: 12,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "GroupMask",
                table: "Needs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "QueryVersion",
                table: "Needs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "TownshipCode",
                table: "Needs",
                type: "character varying(12)",
                maxLength: 12,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "QueryVersion",
                table: "MicroGrantProjects",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "QueryVersion",
                table: "Funds",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Needs_CountyCode_CreatedAt_Id",
                table: "Needs",
                columns: new[] { "CountyCode", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Needs_CountyCode_Status_CreatedAt_Id",
                table: "Needs",
                columns: new[] { "CountyCode", "Status", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Needs_CountyCode_UrgencyRank_CreatedAt_Id",
                table: "Needs",
                columns: new[] { "CountyCode", "UrgencyRank", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Needs_Status_CreatedAt_Id",
                table: "Needs",
                columns: new[] { "Status", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Needs_TownshipCode_CreatedAt_Id",
                table: "Needs",
                columns: new[] { "TownshipCode", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Needs_TownshipCode_Status_CreatedAt_Id",
                table: "Needs",
                columns: new[] { "TownshipCode", "Status", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Needs_TownshipCode_UrgencyRank_CreatedAt_Id",
                table: "Needs",
                columns: new[] { "TownshipCode", "UrgencyRank", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Needs_VillageCode_CreatedAt_Id",
                table: "Needs",
                columns: new[] { "VillageCode", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Needs_VillageCode_UrgencyRank_CreatedAt_Id",
                table: "Needs",
                columns: new[] { "VillageCode", "UrgencyRank", "CreatedAt", "Id" });
        
            // A resident's own needs (the poster is a column of a complex type, which EF Core does not index).
            migrationBuilder.Sql("CREATE INDEX \"IX_Needs_PostedById\" ON \"Needs\" (\"PostedById\");");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_Needs_PostedById\";");

            migrationBuilder.DropIndex(
                name: "IX_Needs_CountyCode_CreatedAt_Id",
                table: "Needs");

            migrationBuilder.DropIndex(
                name: "IX_Needs_CountyCode_Status_CreatedAt_Id",
                table: "Needs");

            migrationBuilder.DropIndex(
                name: "IX_Needs_CountyCode_UrgencyRank_CreatedAt_Id",
                table: "Needs");

            migrationBuilder.DropIndex(
                name: "IX_Needs_Status_CreatedAt_Id",
                table: "Needs");

            migrationBuilder.DropIndex(
                name: "IX_Needs_TownshipCode_CreatedAt_Id",
                table: "Needs");

            migrationBuilder.DropIndex(
                name: "IX_Needs_TownshipCode_Status_CreatedAt_Id",
                table: "Needs");

            migrationBuilder.DropIndex(
                name: "IX_Needs_TownshipCode_UrgencyRank_CreatedAt_Id",
                table: "Needs");

            migrationBuilder.DropIndex(
                name: "IX_Needs_VillageCode_CreatedAt_Id",
                table: "Needs");

            migrationBuilder.DropIndex(
                name: "IX_Needs_VillageCode_UrgencyRank_CreatedAt_Id",
                table: "Needs");

            migrationBuilder.DropColumn(
                name: "QueryVersion",
                table: "Volunteers");

            migrationBuilder.DropColumn(
                name: "QueryVersion",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "CountyCode",
                table: "Needs");

            migrationBuilder.DropColumn(
                name: "GroupMask",
                table: "Needs");

            migrationBuilder.DropColumn(
                name: "QueryVersion",
                table: "Needs");

            migrationBuilder.DropColumn(
                name: "TownshipCode",
                table: "Needs");

            migrationBuilder.DropColumn(
                name: "QueryVersion",
                table: "MicroGrantProjects");

            migrationBuilder.DropColumn(
                name: "QueryVersion",
                table: "Funds");

            migrationBuilder.CreateIndex(
                name: "IX_Needs_Status_Id",
                table: "Needs",
                columns: new[] { "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Needs_VillageCode",
                table: "Needs",
                column: "VillageCode");
        }
    }
}
