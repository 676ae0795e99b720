#include "pacedwriter.h"

#include <QtNetwork/QTcpSocket>

namespace Wirelab::Check {

PacedWriter::PacedWriter(QTcpSocket *socket, EvidenceRecorder *recorder, int connection,
                         QObject *parent)
    : QObject(parent), m_socket(socket), m_recorder(recorder), m_connection(connection)
{
    m_pause.setSingleShot(true);
    // Pauses of a millisecond between single bytes: the default coarse timers would make
    // them 5% longer or shorter, and the one-byte case slow for nothing.
    m_pause.setTimerType(Qt::PreciseTimer);
    connect(&m_pause, &QTimer::timeout, this, &PacedWriter::writeNext);
}

void PacedWriter::write(const QList<Piece> &pieces)
{
    m_pieces = pieces;
    writeNext();
}

void PacedWriter::stop()
{
    m_pieces.clear();
    m_pause.stop();
}

void PacedWriter::writeNext()
{
    if (m_pieces.isEmpty() || !m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
        m_pieces.clear();
        return;
    }
    const Piece piece = m_pieces.takeFirst();
    if (!piece.bytes.isEmpty()) {
        m_socket->write(piece.bytes);
        // Hand it to the system now, as one send(): with the socket's no-delay option each
        // piece then leaves as a segment of its own.
        m_socket->flush();
        m_recorder->record(WireEvent::Kind::Sent, m_connection, piece.bytes);
        m_lastWriteMs = m_recorder->elapsedMs();
    }
    if (m_pieces.isEmpty()) {
        emit allWritten();
        return;
    }
    m_pause.start(piece.pauseAfter);
}

} // namespace Wirelab::Check
