using System.ComponentModel.DataAnnotations;

namespace FiveSocieties.Infrastructure.Demo;

/// The demo county seeded into an empty database (quick start). Sizes can be lowered for tests.
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; }

    /// Password of every demo account (admin, county, worker1, …).
    [Required, MinLength(8)]
    public string Password { get; set; } = "Demo@12345";

    /// Fixed seed: the same county every time.
    public int RandomSeed { get; set; } = 341821;

    [Range(10, 400)] public int Villages { get; set; } = 150;
    [Range(10, 200_000)] public int Volunteers { get; set; } = 2000;
    [Range(4, 60)] public int Organisations { get; set; } = 60;
    [Range(2, 10)] public int Funds { get; set; } = 10;
    [Range(2, 30)] public int MicroGrants { get; set; } = 30;
    [Range(20, 200_000)] public int Needs { get; set; } = 500;
}
