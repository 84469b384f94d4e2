namespace FiveSocieties.Matching.Needs;

public enum Urgency
{
    Low,      // 不急
    Normal,   // 一般
    Urgent,   // 紧急
    Critical, // 特急
}
