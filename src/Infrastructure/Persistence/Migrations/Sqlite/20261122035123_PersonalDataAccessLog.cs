using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FiveSocieties.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PersonalDataAccessLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PersonalDataAccessLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<string>(type: "TEXT", maxLength: 27, nullable: false),
                    ViewerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ViewerName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ViewerRole = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SubjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SubjectName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SubjectRegion = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonalDataAccessLog", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PersonalDataAccessLog_At_Id",
                table: "PersonalDataAccessLog",
                columns: new[] { "At", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_PersonalDataAccessLog_SubjectRegion",
                table: "PersonalDataAccessLog",
                column: "SubjectRegion");

            migrationBuilder.CreateIndex(
                name: "IX_PersonalDataAccessLog_ViewerId",
                table: "PersonalDataAccessLog",
                column: "ViewerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PersonalDataAccessLog");
        }
    }
}
