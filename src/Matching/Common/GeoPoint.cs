namespace FiveSocieties.Matching.Common;

/// A WGS-84 position. Distances are great-circle (haversine) kilometres.
public readonly record struct GeoPoint
{
    private const double EarthRadiusKm = 6371.0088;

    public GeoPoint(double latitude, double longitude)
    {
        if (double.IsNaN(latitude) || latitude is < -90 or > 90)
            throw new DomainException("geo.latitude", "纬度应在 -90 到 90 之间。");
        if (double.IsNaN(longitude) || longitude is < -180 or > 180)
            throw new DomainException("geo.longitude", "经度应在 -180 到 180 之间。");
        Latitude = latitude;
        Longitude = longitude;
    }

    public double Latitude { get; }
    public double Longitude { get; }

    public double DistanceKm(GeoPoint other)
    {
        var lat1 = Radians(Latitude);
        var lat2 = Radians(other.Latitude);
        var dLat = lat2 - lat1;
        var dLon = Radians(other.Longitude - Longitude);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
                + Math.Cos(lat1) * Math.Cos(lat2) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// The north–south part of the distance between two latitudes: never more than
    /// <see cref="DistanceKm"/> between any two points on them (a cheap lower bound).
    public static double KmAtLeast(double latitudeA, double latitudeB) =>
        Math.Abs(Radians(latitudeA) - Radians(latitudeB)) * EarthRadiusKm * (1 - 1e-9);

    /// A lower bound on <see cref="DistanceKm"/> from this point to any point of a latitude/longitude
    /// box: the haversine with the smallest latitude and longitude differences and the smallest cosines.
    public double KmAtLeastToBox(double minLatitude, double maxLatitude, double minLongitude, double maxLongitude)
    {
        var dLat = Latitude < minLatitude ? minLatitude - Latitude : Latitude > maxLatitude ? Latitude - maxLatitude : 0;
        var dLon = Longitude < minLongitude ? minLongitude - Longitude : Longitude > maxLongitude ? Longitude - maxLongitude : 0;
        // Past 180° apart the haversine's longitude term is no longer monotonic: leave it out.
        if (Math.Max(Math.Abs(Longitude - minLongitude), Math.Abs(Longitude - maxLongitude)) > 180) dLon = 0;
        var cos = Math.Cos(Radians(Math.Max(Math.Abs(Latitude), Math.Max(Math.Abs(minLatitude), Math.Abs(maxLatitude)))));
        var sinLat = Math.Sin(Radians(dLat) / 2);
        var sinLon = Math.Sin(Radians(dLon) / 2);
        var h = sinLat * sinLat + cos * cos * sinLon * sinLon;
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h))) * (1 - 1e-9);
    }

    public static GeoPoint? FromNullable(double? latitude, double? longitude) =>
        latitude is { } lat && longitude is { } lon ? new GeoPoint(lat, lon) : null;

    private static double Radians(double degrees) => degrees * Math.PI / 180;

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Latitude:0.######},{Longitude:0.######}");
}
