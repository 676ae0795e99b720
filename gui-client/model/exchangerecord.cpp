#include "exchangerecord.h"

#include "labprotocol.h"

namespace Wirelab {

namespace {

// A history line stays a line, whatever the answer was.
constexpr qsizetype LineOutcomeChars = 120;

} // namespace

ExchangeRecord::Headline ExchangeRecord::headline() const
{
    switch (ending) {
    case Ending::InProgress:
        return { tr("Waiting for the answer…"), Headline::Kind::Note };
    case Ending::Cancelled:
        return { tr("Cancelled: no answer was waited for."), Headline::Kind::Note };
    case Ending::Failed:
        return { tr("Error: %1").arg(error), Headline::Kind::Error };
    case Ending::Answered:
        break;
    }
    if (!response.message())
        return { tr("Error: %1").arg(error), Headline::Kind::Error };
    const Lab::ResponseSummary summary = Lab::summarizeResponse(*response.message());
    if (summary.resultNumber)
        return { tr("result: %1").arg(*summary.resultNumber), Headline::Kind::Result };
    if (summary.resultMissing)
        return { tr("The answer has no \"result\" key (the lab client prints None all the same)."),
                 Headline::Kind::Error };
    const bool isError = summary.isJson && summary.resultText.startsWith(QLatin1String("Error:"));
    return { summary.resultText, isError ? Headline::Kind::Error : Headline::Kind::Result };
}

QString ExchangeRecord::endpoint() const
{
    return host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]:%2").arg(host).arg(port)
                                           : QStringLiteral("%1:%2").arg(host).arg(port);
}

QString ExchangeRecord::historyLine() const
{
    QString outcome = headline().text;
    outcome.replace(QLatin1Char('\n'), QLatin1Char(' '));
    if (outcome.size() > LineOutcomeChars)
        outcome = outcome.left(LineOutcomeChars) + QStringLiteral("…");
    // An exchange of another day (from a history file) says which day.
    const QString when = time.date() == QDate::currentDate() ? time.toString(QStringLiteral("HH:mm:ss"))
                                                             : time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    return QStringLiteral("%1  %2  %3 %4  →  %5").arg(when, endpoint(), action, value, outcome);
}

} // namespace Wirelab
