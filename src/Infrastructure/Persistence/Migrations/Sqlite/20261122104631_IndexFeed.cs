using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FiveSocieties.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IndexFeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DelayedMatchings",
                columns: table => new
                {
                    NeedId = table.Column<long>(type: "INTEGER", nullable: false),
                    Since = table.Column<string>(type: "TEXT", maxLength: 27, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DelayedMatchings", x => x.NeedId);
                });

            migrationBuilder.CreateTable(
                name: "IndexChanges",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProviderKind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    TargetId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<string>(type: "TEXT", maxLength: 27, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexChanges", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "IndexCursors",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Position = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<string>(type: "TEXT", maxLength: 27, nullable: false),
                    RebuiltAt = table.Column<string>(type: "TEXT", maxLength: 27, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexCursors", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DelayedMatchings_Since",
                table: "DelayedMatchings",
                column: "Since");

            migrationBuilder.CreateIndex(
                name: "IX_IndexChanges_At",
                table: "IndexChanges",
                column: "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DelayedMatchings");

            migrationBuilder.DropTable(
                name: "IndexChanges");

            migrationBuilder.DropTable(
                name: "IndexCursors");
        }
    }
}
