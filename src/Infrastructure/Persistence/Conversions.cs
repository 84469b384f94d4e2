using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FiveSocieties.Infrastructure.Persistence;

/// How the domain's value objects are stored: codes and numbers as their plain text, money as
/// integer fen, a weekly grid as its 21-bit integer, enums by name.
internal static class Conversions
{
    public static void Apply(ModelConfigurationBuilder builder)
    {
        builder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<DivisionCode>().HaveConversion<DivisionCodeConverter>().HaveMaxLength(12).AreFixedLength(false);
        builder.Properties<Money>().HaveConversion<MoneyConverter>();
        builder.Properties<WeeklySlots>().HaveConversion<WeeklySlotsConverter>();
        builder.Properties<MobileNumber>().HaveConversion<MobileNumberConverter>().HaveMaxLength(11);
        builder.Properties<ResidentIdNumber>().HaveConversion<ResidentIdNumberConverter>().HaveMaxLength(18);
        builder.Properties<UnifiedSocialCreditCode>().HaveConversion<CreditCodeConverter>().HaveMaxLength(18);
    }

    /// SQLite has no date type and EF Core cannot compare DateTimeOffset there, so instants are
    /// stored as fixed-width UTC text, whose order is their chronological order.
    public static void ApplySqlite(ModelConfigurationBuilder builder) =>
        builder.Properties<DateTimeOffset>().HaveConversion<UtcTextConverter>().HaveMaxLength(27);

    /// PostgreSQL's timestamptz takes UTC instants only (Npgsql refuses other offsets).
    public static void ApplyPostgres(ModelConfigurationBuilder builder) =>
        builder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();

    private const string UtcTextFormat = "yyyy-MM-dd HH:mm:ss.fffffff";

    internal sealed class UtcTextConverter() : ValueConverter<DateTimeOffset, string>(
        v => v.UtcDateTime.ToString(UtcTextFormat, System.Globalization.CultureInfo.InvariantCulture),
        v => new DateTimeOffset(DateTime.SpecifyKind(
            DateTime.ParseExact(v, UtcTextFormat, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc)));

    internal sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);

    // Values read back were valid when written, so they are re-parsed without a second check
    // being able to fail on a future rule change.
    internal sealed class DivisionCodeConverter() : ValueConverter<DivisionCode, string>(v => v.Value, v => DivisionCode.Parse(v));
    internal sealed class MoneyConverter() : ValueConverter<Money, long>(v => v.Fen, v => new Money(v));
    internal sealed class WeeklySlotsConverter() : ValueConverter<WeeklySlots, int>(v => v.Bits, v => new WeeklySlots(v));
    internal sealed class MobileNumberConverter() : ValueConverter<MobileNumber, string>(v => v.Value, v => MobileNumber.Parse(v));
    internal sealed class ResidentIdNumberConverter() : ValueConverter<ResidentIdNumber, string>(v => v.Value, v => ResidentIdNumber.Parse(v));
    internal sealed class CreditCodeConverter() : ValueConverter<UnifiedSocialCreditCode, string>(v => v.Value, v => UnifiedSocialCreditCode.Parse(v));
}
