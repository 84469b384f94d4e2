namespace FiveSocieties.Matching.Common;

public enum QuantityUnit
{
    People, // 人次 / 人
    Hours,  // 小时
    Money,  // 金额，以分计
}

/// How much a need asks for: a number of people, of hours, or an amount of money (in fen).
public readonly record struct Quantity
{
    public const long MaxPeople = 100_000;
    public const long MaxHours = 10_000;
    public const long MaxMoneyFen = 100_000_000_00; // ¥1 亿

    public Quantity(long amount, QuantityUnit unit)
    {
        var max = unit switch
        {
            QuantityUnit.People => MaxPeople,
            QuantityUnit.Hours => MaxHours,
            QuantityUnit.Money => MaxMoneyFen,
            _ => throw new DomainException("quantity.unit", "数量单位无效。"),
        };
        if (amount <= 0)
            throw new DomainException("quantity.positive", "数量必须大于 0。");
        if (amount > max)
            throw new DomainException("quantity.too-large", "数量过大。");
        Amount = amount;
        Unit = unit;
    }

    public long Amount { get; }
    public QuantityUnit Unit { get; }

    public static Quantity People(long count) => new(count, QuantityUnit.People);
    public static Quantity Hours(long hours) => new(hours, QuantityUnit.Hours);
    public static Quantity Of(Money money) => new(money.Fen, QuantityUnit.Money);

    public Money? AsMoney => Unit == QuantityUnit.Money ? new Money(Amount) : null;

    public override string ToString() => Unit switch
    {
        QuantityUnit.People => $"{Amount} 人",
        QuantityUnit.Hours => $"{Amount} 小时",
        _ => new Money(Amount).ToString(),
    };
}
