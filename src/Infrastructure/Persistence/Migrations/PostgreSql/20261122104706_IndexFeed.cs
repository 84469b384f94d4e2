using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FiveSocieties.Infrastructure.Persistence.Migrations.PostgreSql
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
                    NeedId = table.Column<long>(type: "bigint", nullable: false),
                    Since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DelayedMatchings", x => x.NeedId);
                });

            migrationBuilder.CreateTable(
                name: "IndexChanges",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProviderKind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    TargetId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndexChanges", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "IndexCursors",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Position = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RebuiltAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
