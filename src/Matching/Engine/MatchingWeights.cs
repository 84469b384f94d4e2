namespace FiveSocieties.Matching.Engine;

/// How much each factor may add to a score (points out of about 100). Bound from the
/// "Matching:Weights" configuration section and validated at start.
public sealed class MatchingWeights
{
    public double CatalogueFit { get; set; } = 20;
    public double Text { get; set; } = 15;
    public double Distance { get; set; } = 15;
    public double Skills { get; set; } = 10;
    public double Availability { get; set; } = 10;
    public double Locality { get; set; } = 10;
    public double Record { get; set; } = 10;

    /// Subtracted, in proportion to how busy and how recently proposed a provider is.
    public double Fairness { get; set; } = 10;

    /// Distance at which the distance factor has fallen to about a third (exp(-1)).
    public double DistanceScaleKm { get; set; } = 5;

    /// Load (current tasks + half the recent proposals) at which the fairness penalty is full.
    public double FairnessSaturation { get; set; } = 6;

    public IEnumerable<string> Validate()
    {
        foreach (var (name, value) in new[]
                 {
                     ("CatalogueFit", CatalogueFit), ("Text", Text), ("Distance", Distance), ("Skills", Skills),
                     ("Availability", Availability), ("Locality", Locality), ("Record", Record), ("Fairness", Fairness),
                 })
            if (double.IsNaN(value) || value < 0 || value > 100)
                yield return $"Matching:Weights:{name} 应在 0 到 100 之间。";
        if (!(DistanceScaleKm > 0)) yield return "Matching:Weights:DistanceScaleKm 必须大于 0。";
        if (!(FairnessSaturation > 0)) yield return "Matching:Weights:FairnessSaturation 必须大于 0。";
    }
}
