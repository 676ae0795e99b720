#ifndef WIRELAB_FLOWLAYOUT_H
#define WIRELAB_FLOWLAYOUT_H

#include <QtWidgets/QLayout>

namespace Wirelab {

// Items in a row that wraps to the next line when the width runs out, as text does (the
// idea of Qt's Flow Layout example): the request form and the colour legend on a narrow
// window.
class FlowLayout : public QLayout
{
public:
    explicit FlowLayout(QWidget *parent = nullptr, int spacing = -1);
    ~FlowLayout() override;

    void addItem(QLayoutItem *item) override;
    int count() const override;
    QLayoutItem *itemAt(int index) const override;
    QLayoutItem *takeAt(int index) override;
    Qt::Orientations expandingDirections() const override;
    bool hasHeightForWidth() const override;
    int heightForWidth(int width) const override;
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect &rect) override;

private:
    int arrange(const QRect &rect, bool move) const; // the height it takes
    int gap() const;

    QList<QLayoutItem *> m_items;
    int m_spacing;
};

} // namespace Wirelab

#endif // WIRELAB_FLOWLAYOUT_H
