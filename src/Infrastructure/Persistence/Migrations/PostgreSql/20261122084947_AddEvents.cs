using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FiveSocieties.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class AddEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Events",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    NeedId = table.Column<long>(type: "bigint", nullable: false),
                    NeedStatus = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    MatchId = table.Column<long>(type: "bigint", nullable: true),
                    MatchStatus = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ProviderKind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ProviderId = table.Column<long>(type: "bigint", nullable: true),
                    Detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Village = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Township = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    County = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    RequesterId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ProviderGroup = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Events", x => x.Seq);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Events_At",
                table: "Events",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_Events_County_Seq",
                table: "Events",
                columns: new[] { "County", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_ProviderGroup_Seq",
                table: "Events",
                columns: new[] { "ProviderGroup", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_RequesterId_Seq",
                table: "Events",
                columns: new[] { "RequesterId", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_Township_Seq",
                table: "Events",
                columns: new[] { "Township", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_Village_Seq",
                table: "Events",
                columns: new[] { "Village", "Seq" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Events");
        }
    }
}
